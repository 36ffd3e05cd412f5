from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "louyu.filing"
    label = "filing"
    verbose_name = "楼宇填报"
