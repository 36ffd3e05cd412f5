from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "louyu.programme"
    label = "programme"
    verbose_name = "工作推进"
