from django.apps import AppConfig


class DemonstrationsConfig(AppConfig):
    name = "louyu.demonstrations"
    label = "demonstrations"
    verbose_name = "典型示范"
