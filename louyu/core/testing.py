"""The generic role × action × scope walk (NetBox's generic view tests, small).

A test module supplies one `ScopedCase` per scoped model — how to make a row in a district, and the
URL names of its pages and API — and `walk(client, case, role)` checks, for one role, every path:
list, detail, edit, export and API (list + detail) against a row of the user's own district (姑苏区)
and a row of another district (吴中区).

The expectations are written out here from the rules (not derived from louyu.core.permissions), so a
path that forgets `restrict` fails:
- city_admin: sees and edits everything;
- city_viewer, department: see everything, edit nothing (edit and add pages → 403);
- district_editor (姑苏区): sees and edits only 姑苏区 rows; another district's row is a 404 on its
  detail page and API, absent from lists and exports, and its edit page is a 403;
- operator: sees only rows of their own building; edits only operation reports and tenancies there;
  adds no register rows (add page → 403).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Callable

from django.urls import reverse

HOME, OTHER = "姑苏区", "吴中区"
ROLES = ("city_admin", "city_viewer", "district_editor", "department", "operator")


@dataclass(frozen=True)
class ScopedCase:
    label: str
    make: Callable  # make(district) -> a saved row belonging to that district
    marker: Callable  # marker(row) -> a string shown in the row's list/export line (code, USCC …)
    building_of: Callable = lambda row: None  # the row's building (operator scope), if any
    list_url: str | None = None
    detail_url: str | None = None
    edit_url: str | None = None
    add_url: str | None = None
    api_basename: str | None = None
    operator_writable: bool = False
    list_query: dict = field(default_factory=dict)


def make_user(role: str, *, building=None):
    from louyu.factories import user_with_role  # test helper: may import the shared factories

    if role == "district_editor":
        return user_with_role(role, district_name=HOME)
    if role == "department":
        return user_with_role(role, department="市税务局")
    if role == "operator":
        return user_with_role(role, buildings=[building] if building is not None else ())
    return user_with_role(role)


def expected_visible(role: str, case: ScopedCase, row, district_name: str, operator_building) -> bool:
    if role in ("city_admin", "city_viewer", "department"):
        return True
    if role == "district_editor":
        return district_name == HOME
    if role == "operator":
        building = case.building_of(row)
        return building is not None and operator_building is not None and building.pk == operator_building.pk
    return False


def expected_editable(role: str, case: ScopedCase, row, district_name: str, operator_building) -> bool:
    if role == "city_admin":
        return True
    if role == "district_editor":
        return district_name == HOME
    if role == "operator":
        return case.operator_writable and expected_visible(role, case, row, district_name, operator_building)
    return False


def _export_markers(response) -> str:
    content = response.content.decode("utf-8-sig")
    return "\n".join(",".join(r) for r in csv.reader(io.StringIO(content)))


def walk(client, case: ScopedCase, role: str) -> list[str]:
    """Check every path of `case` for `role`; returns the list of failures (empty when all agree)."""
    from louyu.geo.models import District

    rows = {name: case.make(District.objects.get(name=name)) for name in (HOME, OTHER)}
    operator_building = case.building_of(rows[HOME]) if role == "operator" else None
    user = make_user(role, building=operator_building)
    client.force_login(user)
    failures: list[str] = []

    def check(what: str, got, want):
        if got != want:
            failures.append(f"{case.label} · {role} · {what}: got {got!r}, want {want!r}")

    if case.add_url:
        status = client.get(reverse(case.add_url)).status_code
        check("add page", status, 200 if role in ("city_admin", "district_editor") else 403)

    list_body = export_body = api_ids = None
    if case.list_url:
        response = client.get(reverse(case.list_url), case.list_query)
        check("list status", response.status_code, 200)
        list_body = response.content.decode()
        response = client.get(reverse(case.list_url), {**case.list_query, "export": "csv"})
        check("export status", response.status_code, 200)
        export_body = _export_markers(response)
    if case.api_basename:
        response = client.get(reverse(f"api:{case.api_basename}-list"), {"page_size": 500})
        check("api list status", response.status_code, 200)
        api_ids = {item["id"] for item in response.json()["results"]}

    for name, row in rows.items():
        visible = expected_visible(role, case, row, name, operator_building)
        editable = expected_editable(role, case, row, name, operator_building)
        where = f"{name} row"
        if list_body is not None:
            check(f"{where} in list", case.marker(row) in list_body, visible)
            check(f"{where} in export", case.marker(row) in export_body, visible)
        if case.detail_url:
            status = client.get(reverse(case.detail_url, args=[row.pk])).status_code
            check(f"{where} detail", status, 200 if visible else 404)
        if case.edit_url:
            status = client.get(reverse(case.edit_url, args=[row.pk])).status_code
            check(f"{where} edit page", status, 200 if editable else 403)
            if list_body is not None and visible:
                link = reverse(case.edit_url, args=[row.pk])
                check(f"{where} edit button offered", f'href="{link}"' in list_body, editable)
        if api_ids is not None:
            check(f"{where} in api list", row.pk in api_ids, visible)
            status = client.get(reverse(f"api:{case.api_basename}-detail", args=[row.pk])).status_code
            check(f"{where} api detail", status, 200 if visible else 404)
    return failures
