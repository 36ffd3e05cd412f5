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


# --- the need-to-know matrix (issue 12): every role × every model × every action × own/other scope --------
#
# The rules below are written out from docs/security.md's table, not read from access.json or
# louyu.core.permissions, so a path or a configuration that drifts from the documented rule fails. A model
# joins by one `MatrixCase` in MATRIX (louyu/web/tests/test_need_to_know_matrix.py fails when one is missing).

MATRIX_ROLES = ROLES + ("planning_department",)  # 市资源规划局: a department that is not the tax bureau
CLASSES = ("reference", "register", "aggregate", "building_tax", "monitoring", "enterprise_tax", "work", "coordination",
           "audit", "accounts", "internal")
_EVERYTHING = dict.fromkeys(CLASSES, "all")
READ_RULES = {
    "city_admin": _EVERYTHING,
    "city_viewer": {**_EVERYTHING, "audit": "none", "accounts": "none", "internal": "none"},
    "district_editor": {"reference": "all", "register": "own", "aggregate": "all", "building_tax": "own", "monitoring": "own",
                        "enterprise_tax": "own", "work": "own", "coordination": "own", "audit": "none", "accounts": "none",
                        "internal": "none"},
    "operator": {"reference": "all", "register": "own", "aggregate": "all", "building_tax": "own", "monitoring": "own",
                 "enterprise_tax": "none", "work": "own", "coordination": "own", "audit": "none", "accounts": "none",
                 "internal": "none"},
    "planning_department": {"reference": "all", "register": "all", "aggregate": "all", "building_tax": "none", "monitoring": "none",
                            "enterprise_tax": "none", "work": "own", "coordination": "all", "audit": "none", "accounts": "none",
                            "internal": "none"},
}
READ_RULES["department"] = {**READ_RULES["planning_department"], "building_tax": "all", "monitoring": "all", "enterprise_tax": "all"}
# Writes through forms, services and the API (imports have their own table below). A district writes the tax of
# its own enterprises (tax files of its district), never building facts, aggregates or reference data.
WRITE_CLASSES = {"district_editor": {"register", "work", "coordination", "monitoring", "enterprise_tax"}}
# Operators: their buildings' operation reports, tenancies, space to let (招商) and enterprises' requests (楼长制).
OPERATOR_WRITES = {"buildings.operationreport", "enterprises.tenancy", "investment.vacantunit", "stewardship.enterpriserequest"}
# A department changes the 附件2 assignments made to it and their progress reports (docs/security.md).
DEPARTMENT_WRITES = {"programme.taskassignment", "programme.progressreport"}
IMPORT_KINDS = {
    "city_admin": {"buildings", "enterprises", "tenancies", "tax", "operations", "new_projects", "renovations"},
    "district_editor": {"buildings", "enterprises", "tenancies", "tax", "operations", "new_projects", "renovations"},
    "operator": {"operations", "tenancies", "vacant_units"},
    "department": {"tax", "enterprises"},  # 市税务局
    "planning_department": {"new_projects"},  # 市资源规划局
    "city_viewer": set(),
}
LATER_KINDS = {"targets", "events", "inspections", "vacant_units"}  # the later apps' kinds: a district's, like its registers
IMPORT_KINDS["city_admin"] |= LATER_KINDS
IMPORT_KINDS["district_editor"] |= LATER_KINDS


@dataclass(frozen=True)
class MatrixCase:
    """One model in the matrix. `make(world, side)` returns its row on `side` ("own": 姑苏区, in the
    operator's building; "other": 吴中区); rows not tied to a district return the same row for both."""

    label: str  # model label, lower case ("indicators.buildingyear")
    klass: str  # its sensitivity class, as docs/security.md names it
    make: Callable
    district_bound: bool = True  # a district editor's "own" applies
    building_bound: bool = False  # an operator's "own" applies
    api: str | None = None  # API basename
    owned: Callable | None = None  # owned(world, user) -> a row of the other district created by `user`
    department_bound: bool = False  # a department's "own" applies: the "own" row is the user's department's
    # Pages, as URL names: the list, the row's detail (200 / 404) and edit page (200 / 403). `page_arg(row)` is
    # the URL argument (the pk unless the page is addressed otherwise, e.g. a district's plan).
    list_page: str | None = None
    detail_page: str | None = None
    edit_page: str | None = None
    page_arg: Callable = lambda row: row.pk


def matrix_user(role: str, building):
    from louyu.factories import user_with_role

    if role == "planning_department":
        return user_with_role("department", department="市资源规划局")
    return make_user(role, building=building)


def _level(role: str, case: MatrixCase, action: str) -> str:
    if case.klass == "audit" and action != "view":
        return "none"  # append-only for every role
    if role == "city_admin":
        return "all"
    if action == "view":
        return READ_RULES[role][case.klass]
    if role == "district_editor":
        return "own" if case.klass in WRITE_CLASSES["district_editor"] else "none"
    if role == "operator":
        return "own" if case.label in OPERATOR_WRITES else "none"
    if role in ("department", "planning_department"):
        return "own" if case.label in DEPARTMENT_WRITES else "none"
    return "none"


def matrix_expected(role: str, case: MatrixCase, action: str, side: str, *, owned: bool = False) -> bool:
    level = _level(role, case, action)
    if level == "all":
        return True
    if level == "none":
        return False
    if owned:
        return True
    if role == "district_editor":
        return side == "own" and case.district_bound
    if role == "operator":
        return side == "own" and case.building_bound
    if role in ("department", "planning_department"):
        return side == "own" and case.department_bound
    return False


def matrix_walk(client, cases, role: str, world) -> list[str]:
    """Check every case for `role` through `restrict` (each action), `can`, and the API (list + detail);
    returns the failures (empty when all agree with the rules)."""
    from louyu.core import permissions

    user = matrix_user(role, world.building("own"))
    world.user = user  # rows owned by a department are the user's department's on the "own" side
    client.force_login(user)
    failures: list[str] = []

    def check(case, what, got, want):
        if got != want:
            failures.append(f"{case.label} · {role} · {what}: got {got!r}, want {want!r}")

    for case in cases:
        model = _model(case.label)
        rows = {side: case.make(world, side) for side in ("own", "other")}
        if case.owned is not None:
            rows["mine"] = case.owned(world, user)
        api_ids = None
        if case.api:
            api_ids, url = set(), reverse(f"api:{case.api}-list")
            while url:  # every page: the API pages by 50
                response = client.get(url)
                check(case, "api list status", response.status_code, 200)
                if response.status_code != 200:
                    break
                body = response.json()
                api_ids |= {str(item.get("id", item.get("code"))) for item in body["results"]}
                url = body.get("next")
        list_page = None
        if case.list_page and case.detail_page:  # every role reaches the list; it shows the rows the role sees
            response = client.get(reverse(case.list_page))
            check(case, "list page status", response.status_code, 200)
            list_page = response.content.decode()
        for side, row in rows.items():
            owned = side == "mine"
            where = "other" if owned else side
            for action in permissions.ACTIONS:
                want = matrix_expected(role, case, action, where, owned=owned)
                got = permissions.restrict(model._default_manager.filter(pk=row.pk), user, action).exists()
                check(case, f"{side} row · {action}", got, want)
            visible = matrix_expected(role, case, "view", where, owned=owned)
            if api_ids is not None:
                check(case, f"{side} row in api list", str(row.pk) in api_ids, visible)
                status = client.get(reverse(f"api:{case.api}-detail", args=[row.pk])).status_code
                check(case, f"{side} row api detail", status, 200 if visible else 404)
            failures += _walk_pages(client, case, role, side, row, visible,
                                    matrix_expected(role, case, "change", where, owned=owned), list_page)
    return failures


def _walk_pages(client, case, role: str, side: str, row, visible: bool, editable: bool, list_page: str | None) -> list[str]:
    """The row's pages: its detail page (200 / 404), its edit page (200 / 403), its link in the list."""
    failures = []
    arg = case.page_arg(row)
    for what, name, want in (("detail page", case.detail_page, 200 if visible else 404),
                             ("edit page", case.edit_page, 200 if editable else 403)):
        if name:
            status = client.get(reverse(name, args=[arg])).status_code
            if status != want:
                failures.append(f"{case.label} · {role} · {side} row {what}: got {status}, want {want}")
    if list_page is not None:
        listed = f'href="{reverse(case.detail_page, args=[arg])}"' in list_page
        if listed != visible:
            failures.append(f"{case.label} · {role} · {side} row in list page: got {listed}, want {visible}")
    return failures


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)
