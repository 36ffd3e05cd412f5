from django.apps import AppConfig


class BuildingsConfig(AppConfig):
    name = "louyu.buildings"
    label = "buildings"
    verbose_name = "楼宇"
