from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "louyu.web"
    label = "web"
    verbose_name = "网页"
