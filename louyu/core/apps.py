from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "louyu.core"
    label = "core"
    verbose_name = "平台核心"
