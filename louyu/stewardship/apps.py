from django.apps import AppConfig


class StewardshipConfig(AppConfig):
    name = "louyu.stewardship"
    label = "stewardship"
    verbose_name = "楼长制"
