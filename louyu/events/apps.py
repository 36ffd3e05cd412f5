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

        from louyu.intake import hooks
        from louyu.intake.export import year_export_register
        from louyu.intake.kinds import kind_register

        from .exports import export_mechanism_compliance
        from .intake_kind import EventsKind

        definitions.provide("promotion_events", selectors.promotion_event_counts)
        hooks.after_import(services.refresh_after_import)
        kind_register(EventsKind())  # `louyu import events`
        from .intake_resolutions import ResolutionsKind

        kind_register(ResolutionsKind())  # `louyu import resolutions` (联席会议议定事项)

        from louyu.reports.sections import section_provide

        from . import report_sections as book

        section_provide("events", book.events_section, rows=book.event_rows)  # the blue book's chapter on events
        section_provide("mechanisms", book.mechanisms_section, rows=book.mechanism_rows)
        # `louyu export mechanism-compliance --year Y`: the verdicts are the same for every user (no tax in them)
        year_export_register("mechanism-compliance", lambda year, output, user=None: export_mechanism_compliance(year, output))
