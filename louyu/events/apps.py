from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "louyu.events"
    label = "events"
    verbose_name = "活动与工作机制"

    def ready(self):
        # The indicators count 推介活动 through a registered provider, so louyu.indicators never imports this
        # app (the arrow points events → indicators only). An import of events refreshes those counts.
        from louyu.indicators import definitions

        from . import selectors, services

        definitions.provide("promotion_events", selectors.promotion_event_counts)
        try:
            from louyu.intake import hooks
        except ImportError:
            return
        hooks.after_import(services.refresh_after_import)
