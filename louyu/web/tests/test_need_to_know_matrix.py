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
    MatrixCase("core.auditentry", "audit", lambda w, s: f.AuditEntryFactory(district=w.district(s))),
    MatrixCase("accounts.userprofile", "accounts", lambda w, s: f.user_with_role("district_editor", district_name=w.district(s).name).profile),
    MatrixCase("indicators.month", "internal", _first("indicators.month"), district_bound=False),
    MatrixCase("indicators.industrycategorymap", "internal", _first("indicators.industrycategorymap"), district_bound=False),
    MatrixCase("indicators.supersededtenancy", "internal", _superseded, district_bound=False),
]


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_each_role_reads_and_writes_every_model_only_as_the_rules_say(client, role):
    assert matrix_walk(client, MATRIX, role, World()) == []


# Not yet in MATRIX (issue 12 stays open until they are): the later apps' models, each walked role × scope by its
# app's own tests with the same `walk` (louyu/core/testing.py); and the sign-in bookkeeping of louyu.core (tokens,
# password changes, throttles), which no page or API lists — their rules are tested in louyu/core/tests/.
WALKED_IN_APP_TESTS = {
    "programme": ("targetversion", "taskassignment", "progressreport", "actionplan", "plangoal", "planitem"),
    "investment": ("vacantunit", "demand", "lead"), "stewardship": ("buildingsteward", "enterpriserequest"),
    "events": ("event", "eventattachment", "resolution"), "evaluation": ("evaluation", "inspection", "inspectionfollowup"),
    "servicepoints": ("governmentservice", "servicepoint", "servicevolume", "partyorganisation"),
    "teams": ("operationteam", "teamrecognition"), "core": ("apitoken", "passwordchange", "loginthrottle"),
}


def test_every_model_of_the_project_is_in_the_matrix_and_has_a_sensitivity_class():
    models = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("louyu.")}
    walked = {f"{app}.{name}" for app, names in WALKED_IN_APP_TESTS.items() for name in names}
    assert models - {c.label for c in MATRIX} - walked == set(), "add a MatrixCase for each new model"
    assert models - set(permissions.SENSITIVITY) == set(), "give each new model a class in permissions.SENSITIVITY"
    assert {c.label: c.klass for c in MATRIX} == {m: permissions.SENSITIVITY[m] for m in models - walked}


# --- imports and exports: the same rules through `louyu import` / `louyu export --user` --------------------

IMPORT_CASES = {  # import kind: the matrix case whose row it writes
    "buildings": "buildings.building", "new_projects": "buildings.newbuildingproject", "renovations": "buildings.renovationproject",
    "operations": "buildings.operationreport", "enterprises": "enterprises.enterprise", "tenancies": "enterprises.tenancy",
    "tax": "enterprises.taxrecord",
}


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_imports_change_and_exports_show_only_rows_in_the_roles_scope(tmp_path, role):
    from louyu.intake.export import export_file
    from louyu.intake.services import import_file

    world, admin = World(), f.city_admin()
    user = matrix_user(role, world.building("own"))
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
