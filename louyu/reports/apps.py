from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "louyu.reports"
    label = "reports"
    verbose_name = "报告"
