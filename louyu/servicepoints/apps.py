from django.apps import AppConfig


class ServicePointsConfig(AppConfig):
    name = "louyu.servicepoints"
    label = "servicepoints"
    verbose_name = "政务服务进楼宇与楼宇党建"

    def ready(self):
        from louyu.core.reference import reference_loader

        from .reference import government_services_load

        reference_loader("政务服务事项", government_services_load)  # `louyu init` loads the service catalogue

        from louyu.intake.kinds import kind_register

        from .intake_kind import PartyOrganisationsKind, ServicePointsKind, ServiceVolumesKind

        # `louyu import service_points|service_volumes|party_organisations PATH` and their templates
        for kind in (ServicePointsKind(), ServiceVolumesKind(), PartyOrganisationsKind()):
            kind_register(kind)

        from louyu.reports.sections import section_provide

        from . import report_sections as book

        section_provide("service_points", book.service_points_section, rows=book.point_rows)  # the blue book's chapter
        section_provide("party", book.party_section, rows=book.party_rows)
