from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "louyu.matching"
    label = "matching"
    verbose_name = "地址匹配"
