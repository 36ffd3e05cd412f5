"""Where register pages meet the domain services (forms save through them) and the intake's exporter
(lists export in the import template's format, so an export can be edited and imported again)."""
from __future__ import annotations

from louyu.buildings import services as building_services
from louyu.core.views import ObjectEditView, ObjectListView
from louyu.enterprises import services as enterprise_services
from louyu.intake import services as intake_services

from .common import freshness, role_flags

# kind → (create, update, the update's keyword for the row)
SERVICES = {
    "buildings": (building_services.building_create, building_services.building_update, "building"),
    "new_projects": (building_services.new_building_project_create, building_services.new_building_project_update,
                     "new_building_project"),
    "renovations": (building_services.renovation_project_create, building_services.renovation_project_update,
                    "renovation_project"),
    "enterprises": (enterprise_services.enterprise_create, enterprise_services.enterprise_update, "enterprise"),
}


def save(kind: str, *, obj, data: dict, actor):
    """Create (obj None) or update a register row through its service; returns the saved row."""
    create, update, noun = SERVICES[kind]
    if obj is None:
        return create(data=data, actor=actor, note="网页表单新增")
    return update(**{noun: obj, "data": data, "actor": actor, "note": "网页表单修改"})


class RegisterListView(ObjectListView):
    """A register's list page: exports through the intake (re-importable) and says how fresh the data are."""

    exporter = staticmethod(intake_services.export)

    def get_context_data(self, **context):
        context.update(**freshness(), **role_flags(self.request.user))
        return context


class RegisterEditView(ObjectEditView):
    """A register's create/edit form, saved through the domain service of `kind`."""

    kind = ""

    def save(self, form, obj):
        return save(self.kind, obj=obj, data=form.service_data(), actor=self.request.user)
