from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "louyu.indicators"
    label = "indicators"
    verbose_name = "指标"
