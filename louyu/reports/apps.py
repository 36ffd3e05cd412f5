from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "louyu.reports"
    label = "reports"
    verbose_name = "报告"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the bluebook, briefing and district_report job kinds)
