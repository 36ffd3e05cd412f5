from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    name = "louyu.investment"
    label = "investment"
    verbose_name = "招商"

    def ready(self):
        from louyu.core import changes
        from louyu.intake import hooks
        from louyu.intake.kinds import kind_register

        from .alert_rules import refresh_after_change
        from .intake_demands import DemandsKind
        from .intake_kind import VacantUnitsKind

        kind_register(VacantUnitsKind())  # `louyu import vacant_units`, the upload page and the template
        kind_register(DemandsKind())  # `louyu import demands`
        # 空置面积与运营报告不符 joins the engine's alert rules (on import) and is re-detected after each change.
        changes.after_change(refresh_after_change)
        hooks.after_import(refresh_after_change)
