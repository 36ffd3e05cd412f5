from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "louyu.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self):
        # After every committed import, refresh only what it touched (louyu.intake.hooks calls
        # callback(batch, affected) with affected = {"buildings", "enterprises", "months"}).
        try:
            from louyu.intake import hooks
        except ImportError:  # the intake app ships hooks.py; without it facts refresh via `louyu compute` only
            return
        from .engine import refresh_after_import

        hooks.after_import(refresh_after_import)
