from django.apps import AppConfig


class StewardshipConfig(AppConfig):
    name = "louyu.stewardship"
    label = "stewardship"
    verbose_name = "楼长制"

    def ready(self):
        from louyu.core import changes
        from louyu.intake import hooks
        from louyu.intake.kinds import kind_register

        from .alert_rules import refresh_after_change
        from .intake_kind import StewardsKind

        kind_register(StewardsKind())  # `louyu import stewards`, the upload page and the template
        # 重点纳税企业诉求未办结 joins the engine's alert rules and is re-detected after each change or import.
        changes.after_change(refresh_after_change)
        hooks.after_import(refresh_after_change)
