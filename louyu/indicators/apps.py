from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "louyu.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the "compute" job kind)
        # After every committed import, and every committed change made outside an import (a form, the review
        # queue), refresh only what it touched: both call callback(batch, affected) with affected =
        # {"buildings", "enterprises", "months"} (louyu.intake.hooks, louyu.core.changes).
        from louyu.core import changes
        from louyu.intake import hooks
        from louyu.intake.export import year_export_register

        from .engine import refresh_after_import
        from .exports import EXPORTS

        changes.after_change(refresh_after_import)
        hooks.after_import(refresh_after_import)
        for name, export in EXPORTS.items():  # `louyu export building-indicators --year …`
            year_export_register(name, export)
