from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "louyu.programme"
    label = "programme"
    verbose_name = "工作推进"

    def ready(self):
        from louyu.core.reference import reference_loader

        from .services import annual_targets_load, key_tasks_load

        reference_loader("年度目标（附件1）", annual_targets_load)
        reference_loader("重点任务（附件2）", key_tasks_load)
