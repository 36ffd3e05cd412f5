from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "louyu.programme"
    label = "programme"
    verbose_name = "工作推进"

    def ready(self):
        from louyu.core.reference import reference_loader
        from louyu.indicators import definitions

        from . import selectors
        from .services import annual_targets_load, key_tasks_load

        reference_loader("年度目标（附件1）", annual_targets_load)
        reference_loader("重点任务（附件2）", key_tasks_load)
        # the evaluation's 重点任务完成 component (louyu.evaluation.components.key_tasks) reads the real assignments
        definitions.provide("key_task_completion", selectors.key_task_completion)
