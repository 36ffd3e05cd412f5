"""Where register list pages meet the intake's exporter: lists export in the import template's format, so an
export can be edited and imported again. (Edit pages save through the services each view declares:
louyu.core.views.DeclaredServices, as the API's viewsets do.)"""
from __future__ import annotations

from louyu.core.views import ObjectListView
from louyu.intake import services as intake_services

from .common import freshness, role_flags


class RegisterListView(ObjectListView):
    """A register's list page: exports through the intake (re-importable) and says how fresh the data are."""

    exporter = staticmethod(intake_services.export)

    def get_context_data(self, **context):
        context.update(**freshness(), **role_flags(self.request.user))
        return context
