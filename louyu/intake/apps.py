from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "louyu.intake"
    label = "intake"
    verbose_name = "数据导入"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the "import" job kind)
