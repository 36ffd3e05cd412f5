"""The write matrix of the API, generated from the register list: every writable endpoint × every role × its
operations (POST, PATCH, DELETE where offered). The rules (docs/security.md, 写入): the city administrator
writes everything; a district editor their own district's rows (registers, work, coordination, alerts,
enterprise tax); an operator their own buildings' operation reports, tenancies, vacant units and enterprise
requests; a responsible unit its own progress reports; leaders and other departments nothing. Allowed → 2xx and
an audit entry; not allowed → 403 (or 404 for a row the role does not see) and nothing written; a rule
violation → 400 naming the field in Chinese. The list is checked against the router, so a new writable
endpoint cannot be left out."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

import pytest

from louyu import factories as f
from louyu.api import router
from louyu.core.api import WritableRestrictedViewSet
from louyu.core.models import AuditAction, AuditEntry
from louyu.events.models import EventKind

pytestmark = pytest.mark.django_db
HOME, AWAY = "姑苏区", "吴中区"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ADMIN, LEADER, EDITOR, OTHER_EDITOR, OPERATOR, DEPARTMENT = (
    "city_admin", "city_viewer", "district_editor", "other_district_editor", "operator", "department")
ROLES = (ADMIN, LEADER, EDITOR, OTHER_EDITOR, OPERATOR, DEPARTMENT)
DISTRICT_WRITERS = {ADMIN, EDITOR}
OPERATOR_WRITERS = {ADMIN, EDITOR, OPERATOR}


def building():
    return f.BuildingFactory(district=f.district(HOME))


@dataclass(frozen=True)
class Register:
    path: str
    make: Callable  # () -> a row of the home district
    new: Callable = lambda row: {}  # what makes a copy of `row` a new row (unique keys)
    patch: dict = field(default_factory=dict)
    invalid: tuple[dict, str] = ({}, "")  # a POST the rules refuse, and the field named
    writers: frozenset = frozenset(DISTRICT_WRITERS)
    creators: frozenset | None = None  # who may POST, where it differs from `writers`


REGISTERS = [
    Register("buildings", building, lambda r: {"code": "NEW-1"}, {"name": "改名大厦"}, ({"gross_area": "-5"}, "gross_area")),
    Register("new-projects", lambda: f.NewBuildingProjectFactory(district=f.district(HOME)), lambda r: {"code": "NP-NEW"},
             {"name": "改名项目"}, ({"expected_completion": "2022-01-01"}, "expected_completion")),
    Register("renovations", lambda: f.RenovationProjectFactory(building=building()), lambda r: {"code": "RP-NEW"},
             {"content": "公共区域改造"}, ({"investment": "-1"}, "investment")),
    Register("operation-reports", lambda: f.OperationReportFactory(building=building()), lambda r: {"period": "2023-11-01"},
             {"present_count": 41}, ({"leased_area": "99999"}, "leased_area"), frozenset(OPERATOR_WRITERS)),
    Register("enterprises", lambda: f.EnterpriseFactory(district=f.district(HOME)), lambda r: {"uscc": f.next_uscc()},
             {"name": "改名科技有限公司"}, ({"established_on": "2999-01-01"}, "established_on")),
    Register("tenancies", lambda: f.TenancyFactory(building=building(), enterprise=f.EnterpriseFactory(district=f.district(HOME))),
             lambda r: {"enterprise": f.EnterpriseFactory(district=f.district(HOME)).pk}, {"floor": "11"},
             ({"move_out": "2019-01-01"}, "move_out"), frozenset(OPERATOR_WRITERS)),
    # An enterprise's tax is added by the city (and the tax bureau's imports); a district corrects its own months.
    Register("tax-records", lambda: f.TaxRecordFactory(enterprise=f.EnterpriseFactory(district=f.district(HOME))),
             lambda r: {"period": "2023-02-01"}, {"total_tax": "200000.00"}, ({"period": "2023-02-15"}, "period"),
             creators=frozenset({ADMIN})),
    Register("events", lambda: f.EventFactory(district=f.district(HOME)), lambda r: {"name": "新推介会"}, {"participants": 90},
             ({"participants": -1}, "participants")),
    Register("event-resolutions", lambda: f.ResolutionFactory(event=f.EventFactory(kind=EventKind.JOINT_MEETING,
                                                                                       district=f.district(HOME))),
             patch={"progress": "已推进"}, invalid=({"status": "done"}, "completed_on")),
    Register("inspections", lambda: f.InspectionFactory(district=f.district(HOME)), patch={"findings": "新发现的问题"},
             invalid=({"deadline": "2023-01-01"}, "deadline")),
    Register("service-points", lambda: f.ServicePointFactory(building=building()), lambda r: {"name": "新服务站"},
             {"name": "改名服务站"}, ({"name": ""}, "name")),
    Register("party-organisations", lambda: f.PartyOrganisationFactory(building=building()), lambda r: {"name": "新党支部"},
             {"members": 13}, ({"members": 2}, "members")),
    Register("operation-teams", lambda: f.OperationTeamFactory(district=f.district(HOME)), lambda r: {"name": "新团队"},
             {"contacts": "李经理"}, ({"name": ""}, "name")),
    Register("vacant-units", lambda: f.VacantUnitFactory(building=building()), lambda r: {"unit": "U-NEW"}, {"floor": "13"},
             ({"area": "0"}, "area"), frozenset(OPERATOR_WRITERS)),
    Register("demands", lambda: f.DemandFactory(district=f.district(HOME)), lambda r: {"enterprise_name": "新意向公司"},
             {"note": "已电话联系"}, ({"area_min": "700"}, "area_max")),
    Register("leads", lambda: f.LeadFactory(demand=f.DemandFactory(district=f.district(HOME)),
                                            unit=f.VacantUnitFactory(building=building())),
             lambda r: {"unit": f.VacantUnitFactory(building=r.unit.building).pk}, {"notes": "已约看房"},
             ({"demand": None}, "demand")),
    Register("building-stewards", lambda: f.BuildingStewardFactory(building=building()), lambda r: {"building": building().pk},
             {"steward_title": "街道主任"}, ({"since": "不是日期"}, "since")),
    Register("enterprise-requests", lambda: f.EnterpriseRequestFactory(building=building()),
             lambda r: {"enterprise_name": "新诉求企业"}, {"summary": "更新诉求"}, ({"due_on": "2024-01-01"}, "due_on"),
             frozenset(OPERATOR_WRITERS)),
    Register("target-versions", lambda: f.TargetVersionFactory(district=f.district(HOME)), lambda r: {"year": 2031},
             invalid=({"year": 2032, "new_100m": 5, "cumulative_100m": 1}, "cumulative_100m")),
    Register("progress-reports", lambda: f.ProgressReportFactory(assignment=f.TaskAssignmentFactory(district=f.district(HOME))),
             invalid=({"status": "blocked", "obstacle": ""}, "obstacle")),
    Register("plan-goals", lambda: f.PlanGoalFactory(plan=f.ActionPlanFactory(district=f.district(HOME)), year=2023),
             lambda r: {"year": 2024}, {"text": "新增亿元楼宇 2 幢"}, ({"year": 2030}, "year")),
    Register("plan-items", lambda: f.PlanItemFactory(plan=f.ActionPlanFactory(district=f.district(HOME))),
             invalid=({"unit": ""}, "unit")),
]
BY_PATH = {r.path: r for r in REGISTERS}


def viewset_of(path):
    return next(viewset for prefix, viewset, _ in router.registry if prefix == path)


def test_the_register_list_covers_every_writable_endpoint():
    writable = {prefix for prefix, viewset, _ in router.registry if issubclass(viewset, WritableRestrictedViewSet)}
    assert writable == set(BY_PATH)


def actor(role, row):
    if role == ADMIN:
        return f.city_admin()
    if role == LEADER:
        return f.user_with_role("city_viewer")
    if role == EDITOR:
        return f.district_editor(HOME)
    if role == OTHER_EDITOR:
        return f.district_editor(AWAY)
    if role == OPERATOR:
        own = getattr(row, "building", None) or building()
        return f.user_with_role("operator", buildings=[own])
    return f.user_with_role("department", department="市资源规划局")


def audited(model, pk, action) -> bool:
    return AuditEntry.objects.filter(content_type__model=model._meta.model_name, object_id=str(pk), action=action).exists()


def payload(client, register, row) -> dict:
    """A valid new row: the stored row as the API reads it, its writable fields only, made new."""
    viewset = viewset_of(register.path)
    serializer = viewset.serializer_class(row)
    fields = serializer.fields
    data = {k: v for k, v in serializer.data.items() if k in fields and not fields[k].read_only and v is not None}
    return {**data, **register.new(row)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(BY_PATH))
def test_each_role_writes_each_register_as_the_rules_say(client, path, role):
    register = BY_PATH[path]
    viewset = viewset_of(path)
    model = viewset.queryset.model
    row = register.make()
    user = actor(role, row)
    client.force_login(user)
    allowed = role in register.writers
    creates = role in (register.creators if register.creators is not None else register.writers)
    body = payload(client, register, row)
    if path == "progress-reports" and role == DEPARTMENT:
        body["assignment"] = f.TaskAssignmentFactory(district=None, department="市资源规划局").pk  # its own: allowed
        creates = True
    count = model.objects.count()

    response = client.post(f"/api/{path}/", body, content_type="application/json")
    if creates:
        assert response.status_code in (200, 201), (role, response.json())
        assert audited(model, response.json()["id"], AuditAction.CREATE)
    else:
        assert response.status_code == 403, (role, response.status_code)
        assert CHINESE.search(response.json()["detail"])
        assert model.objects.count() == count

    if "patch" in viewset.http_method_names:
        before = AuditEntry.objects.count()
        response = client.patch(f"/api/{path}/{row.pk}/", register.patch, content_type="application/json")
        if allowed:
            assert response.status_code == 200, (role, response.json())
            assert audited(model, row.pk, AuditAction.UPDATE)
        else:
            assert response.status_code in (403, 404), (role, response.status_code)
            assert AuditEntry.objects.count() == before
    if "delete" in viewset.http_method_names:
        response = client.delete(f"/api/{path}/{row.pk}/")
        if allowed:
            assert response.status_code == 204, (role, response.content)
            assert audited(model, row.pk, AuditAction.DELETE) and not model.objects.filter(pk=row.pk).exists()
        else:
            assert response.status_code in (403, 404) and model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("path", list(BY_PATH))
def test_a_write_the_rules_refuse_is_a_400_naming_the_field_in_chinese(client, path):
    register = BY_PATH[path]
    row = register.make()
    client.force_login(f.city_admin())
    data, named = register.invalid
    body = {**payload(client, register, row), **data}
    if None in data.values():
        body = {k: v for k, v in body.items() if k not in data or data[k] is not None} | {k: None for k, v in data.items() if v is None}
    response = client.post(f"/api/{path}/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert CHINESE.search(" ".join(map(str, response.json()[named]))), response.json()


def test_leaders_refused_writes_never_learn_whether_the_data_were_valid(client):
    client.force_login(f.user_with_role("city_viewer"))
    response = client.post("/api/buildings/", {"gross_area": "-5"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == "当前角色不能新增此类数据"


def test_every_error_body_is_chinese(client):
    assert CHINESE.search(client.post("/api/buildings/", {}, content_type="application/json").json()["detail"])  # 401
    client.force_login(f.city_admin())
    bodies = [client.post("/api/buildings/", {}, content_type="application/json").json()["code"][0],
              client.post("/api/buildings/", "{bad", content_type="application/json").json()["detail"],
              client.get("/api/buildings/999999/").json()["detail"],
              client.get("/api/buildings/?page=99").json()["detail"],
              client.delete(f"/api/leads/{f.LeadFactory().pk}/").json()["detail"],
              client.post("/api/buildings/", {"gross_area": "abc"}, content_type="application/json").json()["gross_area"][0]]
    assert all(CHINESE.search(body) for body in bodies), bodies
    assert bodies[2] == "未找到该数据（不存在，或不在本人可查看的范围内）。"
