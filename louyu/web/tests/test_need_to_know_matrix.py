"""The need-to-know matrix: every role × every model and fact table × every action × own/other scope, through
`restrict`, the API, imports and exports, against the rules written out in louyu.core.testing."""
import datetime as dt

import pytest
from django.apps import apps

from louyu import factories as f
from louyu.core import permissions
from louyu.core.testing import HOME, MATRIX_ROLES, OTHER, MatrixCase, matrix_expected, matrix_user, matrix_walk, IMPORT_KINDS

from .conftest import compute_facts

pytestmark = pytest.mark.django_db
PERIOD = dt.date(2023, 1, 1)


class World:
    """Two districts, each with a building, a registered taxpaying tenant, an unattributed taxpayer, reports,
    projects, alerts … and the facts computed from them."""

    def __init__(self):
        self.buildings, self.tenancies, self.loose = {}, {}, {}
        for side, name in (("own", HOME), ("other", OTHER)):
            district = f.district(name)
            building = f.BuildingFactory(district=district)
            tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=district), move_in=dt.date(2020, 1, 1))
            f.TaxRecordFactory(enterprise=tenancy.enterprise, period=PERIOD)
            loose = f.EnterpriseFactory(district=district)  # no tenancy: its tax is 未归属
            f.TaxRecordFactory(enterprise=loose, period=PERIOD)
            self.buildings[side], self.tenancies[side], self.loose[side] = building, tenancy, loose
        compute_facts()

    def building(self, side):
        return self.buildings[side]

    def district(self, side):
        return self.buildings[side].district

    def fact(self, model_name, side):
        from louyu.indicators import models

        return getattr(models, model_name).objects.filter(building=self.buildings[side]).first()


def _superseded(world, side):
    from louyu.indicators.models import SupersededTenancy

    return SupersededTenancy.objects.get_or_create(tenancy=world.tenancies[side], period=PERIOD)[0]


def _first(label):
    return lambda world, side: apps.get_model(label).objects.order_by("pk").first()


def _district_fact(label):
    return lambda world, side: apps.get_model(label).objects.filter(district=world.district(side)).first()


REF, REG, AGG, BTAX, MON, ETAX, WORK = ("reference", "register", "aggregate", "building_tax", "monitoring", "enterprise_tax", "work")
COORD, ACCOUNTS, INTERNAL = "coordination", "accounts", "internal"


def _department(world, side) -> str:
    """The department a row is assigned to: the signed-in department's own on the "own" side."""
    mine = getattr(world.user.profile, "department", "") if hasattr(world.user, "profile") else ""
    return (mine or "市税务局") if side == "own" else "市商务局"


def _assignment(world, side):
    return f.TaskAssignmentFactory(district=world.district(side), department=_department(world, side))


def _lead(world, side):
    district = world.district(side)
    return f.LeadFactory(unit=f.VacantUnitFactory(building=world.building(side)), demand=f.DemandFactory(district=district),
                         district=district)


def _pages(app: str, noun: str, *, edit: bool = True) -> dict:
    """The list, detail and edit URL names of a register page set (ObjectListView and friends)."""
    return {"list_page": f"{app}:{noun}_list", "detail_page": f"{app}:{noun}_detail", "edit_page": f"{app}:{noun}_edit" if edit else None}
MATRIX = [
    MatrixCase("geo.district", REF, lambda w, s: w.district(s), api="district"),
    MatrixCase("geo.street", REF, lambda w, s: f.StreetFactory(district=w.district(s)), api="street"),
    MatrixCase("enterprises.industrycode", REF, _first("enterprises.industrycode"), district_bound=False, api="industrycode"),
    MatrixCase("enterprises.featuredcategory", REF, _first("enterprises.featuredcategory"), district_bound=False),
    MatrixCase("programme.keytask", REF, lambda w, s: f.KeyTaskFactory(), district_bound=False, api="keytask"),
    MatrixCase("indicators.computestate", REF, _first("indicators.computestate"), district_bound=False),
    MatrixCase("buildings.building", REG, lambda w, s: w.building(s), building_bound=True, api="building"),
    MatrixCase("buildings.newbuildingproject", REG, lambda w, s: f.NewBuildingProjectFactory(district=w.district(s)), api="newbuildingproject"),
    MatrixCase("buildings.renovationproject", REG, lambda w, s: f.RenovationProjectFactory(building=w.building(s)), building_bound=True,
               api="renovationproject"),
    MatrixCase("buildings.operationreport", REG, lambda w, s: f.OperationReportFactory(building=w.building(s)), building_bound=True,
               api="operationreport"),
    MatrixCase("enterprises.enterprise", REG, lambda w, s: w.tenancies[s].enterprise, api="enterprise"),
    MatrixCase("enterprises.tenancy", REG, lambda w, s: w.tenancies[s], building_bound=True, api="tenancy"),
    MatrixCase("indicators.featuredrecognition", REG, lambda w, s: f.FeaturedRecognitionFactory(building=w.building(s)), building_bound=True),
    MatrixCase("programme.annualtarget", AGG, lambda w, s: f.AnnualTargetFactory(district=w.district(s), year=2030), api="annualtarget"),
    MatrixCase("indicators.districtyear", AGG, _district_fact("indicators.districtyear")),
    MatrixCase("indicators.cityyear", AGG, _first("indicators.cityyear"), district_bound=False),
    MatrixCase("indicators.buildingyear", BTAX, lambda w, s: w.fact("BuildingYear", s), building_bound=True),
    MatrixCase("indicators.buildingmonth", BTAX, lambda w, s: w.fact("BuildingMonth", s), building_bound=True),
    MatrixCase("indicators.buildingindustryyear", BTAX, lambda w, s: w.fact("BuildingIndustryYear", s), building_bound=True),
    MatrixCase("indicators.alert", MON, lambda w, s: f.AlertFactory(building=w.building(s)), building_bound=True),
    MatrixCase("indicators.alertcomment", MON, lambda w, s: apps.get_model("indicators.alertcomment").objects.create(
        alert=f.AlertFactory(building=w.building(s), period=dt.date(2023, 2, 1)), text="已联系楼宇运营方"), building_bound=False),
    MatrixCase("enterprises.taxrecord", ETAX, lambda w, s: w.tenancies[s].enterprise.tax_records.get(), api="taxrecord"),
    MatrixCase("indicators.taxpayeryear", ETAX, lambda w, s: w.fact("TaxpayerYear", s), building_bound=True),
    MatrixCase("indicators.unattributedtax", ETAX, lambda w, s: apps.get_model("indicators.unattributedtax").objects.get(enterprise=w.loose[s])),
    MatrixCase("intake.importbatch", WORK, lambda w, s: f.ImportBatchFactory(district=w.district(s)), api="import",
               owned=lambda w, user: f.ImportBatchFactory(district=w.district("other"), actor=user)),
    MatrixCase("jobs.job", WORK, lambda w, s: f.JobFactory(), district_bound=False,
               owned=lambda w, user: f.JobFactory(actor=user)),
    MatrixCase("matching.addressmatch", WORK, lambda w, s: f.AddressMatchFactory(building=w.building(s),
                                                                                 enterprise=f.EnterpriseFactory(district=w.district(s))),
               building_bound=True),
    MatrixCase("enterprises.districtmove", WORK, lambda w, s: f.DistrictMoveFactory(to_district=w.district(s)),
               owned=lambda w, user: f.DistrictMoveFactory(to_district=w.district("other"), requested_by=user)),
    MatrixCase("core.auditentry", "audit", lambda w, s: f.AuditEntryFactory(district_id=w.district(s).pk)),
    MatrixCase("accounts.userprofile", "accounts", lambda w, s: f.user_with_role("district_editor", district_name=w.district(s).name).profile),
    MatrixCase("indicators.month", "internal", _first("indicators.month"), district_bound=False),
    MatrixCase("indicators.industrycategorymap", "internal", _first("indicators.industrycategorymap"), district_bound=False),
    MatrixCase("indicators.supersededtenancy", "internal", _superseded, district_bound=False),
    # the work programme: 附件1 submissions, 附件2 assignments and progress, three-year action plans
    MatrixCase("programme.targetversion", COORD, lambda w, s: f.TargetVersionFactory(district=w.district(s)), api="targetversion"),
    MatrixCase("programme.taskassignment", COORD, _assignment, department_bound=True, api="taskassignment",
               detail_page="programme:assignment_detail"),
    MatrixCase("programme.progressreport", COORD, lambda w, s: f.ProgressReportFactory(assignment=_assignment(w, s)),
               department_bound=True, api="progressreport"),
    MatrixCase("programme.actionplan", COORD, lambda w, s: f.ActionPlanFactory(district=w.district(s)), api="actionplan",
               detail_page="programme:plan_detail", page_arg=lambda row: row.district_id),
    MatrixCase("programme.plangoal", COORD, lambda w, s: f.PlanGoalFactory(plan=f.ActionPlanFactory(district=w.district(s))), api="plangoal"),
    MatrixCase("programme.planitem", COORD, lambda w, s: f.PlanItemFactory(plan=f.ActionPlanFactory(district=w.district(s))), api="planitem"),
    # 招商
    MatrixCase("investment.vacantunit", REG, lambda w, s: f.VacantUnitFactory(building=w.building(s)), building_bound=True,
               api="vacantunit", **_pages("investment", "unit")),
    MatrixCase("investment.demand", COORD, lambda w, s: f.DemandFactory(district=w.district(s)), api="demand", **_pages("investment", "demand")),
    MatrixCase("investment.lead", COORD, _lead, api="lead", **_pages("investment", "lead")),
    # 楼长制
    MatrixCase("stewardship.buildingsteward", REG, lambda w, s: f.BuildingStewardFactory(building=w.building(s)), building_bound=True,
               api="buildingsteward", **_pages("stewardship", "steward")),
    MatrixCase("stewardship.enterpriserequest", COORD, lambda w, s: f.EnterpriseRequestFactory(building=w.building(s)),
               building_bound=True, api="enterpriserequest", **_pages("stewardship", "request")),
    # work mechanisms: events, their materials and the joint meetings' resolutions
    MatrixCase("events.event", REG, lambda w, s: f.EventFactory(district=w.district(s)), api="event", **_pages("events", "event")),
    MatrixCase("events.eventattachment", REG, lambda w, s: f.EventAttachmentFactory(event=f.EventFactory(district=w.district(s))),
               detail_page="events:attachment_download"),
    MatrixCase("events.resolution", COORD, lambda w, s: f.ResolutionFactory(event=f.EventFactory(district=w.district(s), kind="joint_meeting")),
               api="resolution", edit_page="events:resolution_edit"),
    # evaluation (a comparison of all districts) and supervision
    MatrixCase("evaluation.evaluation", AGG, lambda w, s: f.EvaluationFactory(), district_bound=False, api="evaluation",
               detail_page="evaluation:version"),
    MatrixCase("evaluation.inspection", COORD, lambda w, s: f.InspectionFactory(district=w.district(s)), api="inspection",
               **_pages("evaluation", "inspection")),
    MatrixCase("evaluation.inspectionfollowup", COORD,
               lambda w, s: f.InspectionFollowUpFactory(inspection=f.InspectionFactory(district=w.district(s)))),
    # 政务服务进楼宇, 楼宇党建
    MatrixCase("servicepoints.governmentservice", REF, lambda w, s: f.GovernmentServiceFactory(), district_bound=False),
    MatrixCase("servicepoints.servicepoint", REG, lambda w, s: f.ServicePointFactory(building=w.building(s)), building_bound=True,
               api="servicepoint", **_pages("servicepoints", "point")),
    MatrixCase("servicepoints.servicevolume", REG, lambda w, s: f.ServiceVolumeFactory(point=f.ServicePointFactory(building=w.building(s))),
               building_bound=True),
    MatrixCase("servicepoints.partyorganisation", REG, lambda w, s: f.PartyOrganisationFactory(building=w.building(s)),
               building_bound=True, api="partyorganisation", **_pages("servicepoints", "party")),
    # 招商运营团队
    MatrixCase("teams.operationteam", REG, lambda w, s: f.OperationTeamFactory(district=w.district(s)), api="operationteam",
               **_pages("teams", "team")),
    MatrixCase("teams.teamrecognition", REG, lambda w, s: f.TeamRecognitionFactory(team=f.OperationTeamFactory(district=w.district(s)))),
    # sign-in bookkeeping: nobody but the city administrator reads it, not even the rows about oneself
    MatrixCase("core.apitoken", ACCOUNTS, lambda w, s: f.ApiTokenFactory(user=f.district_editor(w.district(s).name)), district_bound=False,
               owned=lambda w, user: f.ApiTokenFactory(user=user)),
    MatrixCase("core.passwordchange", ACCOUNTS, lambda w, s: f.PasswordChangeFactory(user=f.district_editor(w.district(s).name)),
               district_bound=False, owned=lambda w, user: f.PasswordChangeFactory(user=user)),
    MatrixCase("core.loginthrottle", INTERNAL, lambda w, s: f.LoginThrottleFactory(), district_bound=False),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # event materials are files


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_each_role_reads_and_writes_every_model_only_as_the_rules_say(client, role):
    assert matrix_walk(client, MATRIX, role, World()) == []


def test_every_model_of_the_project_is_in_the_matrix_and_has_a_sensitivity_class():
    models = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("louyu.")}
    assert models - {c.label for c in MATRIX} == set(), "add a MatrixCase for each new model"
    assert models - set(permissions.SENSITIVITY) == set(), "give each new model a class in permissions.SENSITIVITY"
    assert {c.label: c.klass for c in MATRIX} == {m: permissions.SENSITIVITY[m] for m in models}


# --- imports and exports: the same rules through `louyu import` / `louyu export --user` --------------------

IMPORT_CASES = {  # import kind: the matrix case whose row it writes
    "buildings": "buildings.building", "new_projects": "buildings.newbuildingproject", "renovations": "buildings.renovationproject",
    "operations": "buildings.operationreport", "enterprises": "enterprises.enterprise", "tenancies": "enterprises.tenancy",
    "tax": "enterprises.taxrecord", "targets": "programme.targetversion", "events": "events.event",
    "inspections": "evaluation.inspection", "vacant_units": "investment.vacantunit",
}


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_imports_change_and_exports_show_only_rows_in_the_roles_scope(tmp_path, role):
    from louyu.intake.export import export_file
    from louyu.intake.services import import_file

    world, admin = World(), f.city_admin()
    user = world.user = matrix_user(role, world.building("own"))
    cases = {c.label: c for c in MATRIX}
    failures = []
    for kind, label in IMPORT_CASES.items():
        case = cases[label]
        for side in ("own", "other"):
            row = case.make(world, side)
            model = apps.get_model(label)
            path = tmp_path / f"{kind}-{side}.xlsx"
            export_file(kind=kind, user=admin, output=path, queryset=model.objects.filter(pk=row.pk))
            batch = import_file(kind=kind, path_or_file=path, actor=user, dry_run=True)
            allowed = kind in IMPORT_KINDS[role] and (
                role in ("city_admin", "department", "planning_department") or matrix_expected(role, case, "change", side))
            if (batch.status == "validated") != allowed:
                failures.append(f"import {kind} · {side} row: {batch.status} {[e['reason'] for e in batch.errors][:2]}, want allowed={allowed}")
            exported = tmp_path / f"{kind}-{side}-{role}.csv"
            export_file(kind=kind, user=user, output=exported, queryset=model.objects.filter(pk=row.pk))
            rows = exported.read_text(encoding="utf-8-sig").strip().splitlines()[1:]
            if bool(rows) != matrix_expected(role, case, "view", side):
                failures.append(f"export {kind} · {side} row: {len(rows)} rows, want visible={matrix_expected(role, case, 'view', side)}")
    assert failures == []


@pytest.mark.parametrize("duty", ("is_system_admin", "is_security_admin", "is_audit_admin"))
@pytest.mark.parametrize("role", ("city_viewer", "district_editor", "department", "operator"))
def test_the_sign_in_bookkeeping_is_read_by_the_city_administrator_alone_whatever_the_duty(role, duty):
    """Tokens, password changes and throttles: an administrator duty (三员分立) on any other role opens none of
    them — not even the rows about the user — and nobody changes them but the city administrator."""
    user = f.user_with_role(role, district_name=HOME if role == "district_editor" else None, department="市税务局")
    type(user.profile).objects.filter(pk=user.profile.pk).update(**{duty: True})
    user.refresh_from_db()
    rows = [f.ApiTokenFactory(user=user), f.PasswordChangeFactory(user=user), f.LoginThrottleFactory(key=f"account:{user.username}|10.0.0.1")]
    admin = f.city_admin()
    for row in rows:
        for action in permissions.ACTIONS:
            assert not permissions.can(user, action, row), (row._meta.label, action)
            assert permissions.can(admin, action, row), (row._meta.label, action)
