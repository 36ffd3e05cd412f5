from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "louyu.intake"
    label = "intake"
    verbose_name = "数据导入"
