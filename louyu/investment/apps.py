from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    name = "louyu.investment"
    label = "investment"
    verbose_name = "招商"
