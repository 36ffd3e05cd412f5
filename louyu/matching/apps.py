from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "louyu.matching"
    label = "matching"
    verbose_name = "地址匹配"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the "match_file" job kind)
        # Every enterprise import is matched right after it commits. Registered before the indicators'
        # refresh (INSTALLED_APPS order), so the buildings of tenancies it creates are refreshed too.
        from louyu.intake import hooks

        from .services import match_after_import

        hooks.after_import(match_after_import)
