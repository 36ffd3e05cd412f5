"""Where register pages meet the domain services and the intake's exporter.

INTEGRATION: forms save through the domain services (`louyu.buildings.services.building_create` …,
written by the intake engineer) and lists export through `louyu.intake` when those exist; until then the
generic audited writes of louyu.core.services and the list's own columns are used (the `fallback`).
"""
from __future__ import annotations

import importlib

# kind → (services module, noun): building_create / building_update …
SERVICES = {
    "buildings": ("louyu.buildings.services", "building"),
    "new_projects": ("louyu.buildings.services", "new_building_project"),
    "renovations": ("louyu.buildings.services", "renovation_project"),
    "enterprises": ("louyu.enterprises.services", "enterprise"),
}


def _function(module_name: str, name: str):
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, name, None)


def save(kind: str, *, model, obj, data: dict, actor, fallback):
    module, noun = SERVICES[kind]
    if obj is None:
        create = _function(module, f"{noun}_create")
        return create(data=data, actor=actor, note="网页表单新增") if create else fallback()
    update = _function(module, f"{noun}_update")
    if update is None:
        return fallback()
    result = update(**{noun: obj, "data": data, "actor": actor, "note": "网页表单修改"})
    return result if isinstance(result, model) else obj


def exporter():
    return _function("louyu.intake.services", "export")


def export(kind: str, qs, fmt: str, user, *, fallback):
    """An .xlsx/.csv of the (already restricted and filtered) rows, in the import template's format."""
    export_rows = exporter()
    if export_rows is None:
        return fallback()
    from django.http import HttpResponse

    from louyu.core.views import XLSX, _attachment

    try:
        content, filename = export_rows(kind=kind, queryset=qs, fmt=fmt, actor=user)
    except ImportError:  # the intake's exporter is being installed in parallel: keep pages working
        return fallback()
    response = HttpResponse(content, content_type=XLSX if fmt != "csv" else "text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(filename)
    return response
