from django.apps import AppConfig


class ServicePointsConfig(AppConfig):
    name = "louyu.servicepoints"
    label = "servicepoints"
    verbose_name = "政务服务进楼宇与楼宇党建"
