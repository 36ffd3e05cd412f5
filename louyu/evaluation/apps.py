from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "louyu.evaluation"
    label = "evaluation"
    verbose_name = "评价督查"

    def ready(self):
        from louyu.intake.kinds import kind_register

        from .intake_kind import InspectionsKind

        kind_register(InspectionsKind())  # `louyu import inspections`

        from louyu.reports.sections import section_provide

        from . import report_sections as book

        section_provide("evaluation", book.evaluation_section, rows=book.evaluated)  # the blue book's chapter
