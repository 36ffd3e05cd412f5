from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    name = "louyu.investment"
    label = "investment"
    verbose_name = "招商"

    def ready(self):
        from louyu.intake.kinds import kind_register

        from .intake_kind import VacantUnitsKind

        kind_register(VacantUnitsKind())  # `louyu import vacant_units`, the upload page and the template
