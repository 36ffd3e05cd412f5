"""Writes of 招商: who may list space, staleness applied, the lead pipeline to a signed tenancy, audit."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.enterprises.models import Enterprise, Tenancy
from louyu.investment import selectors, services
from louyu.investment.models import LeadStage, ListingStatus, VacantUnit

from .factories import DemandFactory, LeadFactory, VacantUnitFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _listing(building, **kw):
    return {"building": building, "floor": "15", "unit": "1501", "area": Decimal("320.00"), "asking_rent": Decimal("3.80"),
            "fit_out": "basic", "available_from": dt.date(2024, 5, 1), **kw}


def test_an_operator_lists_vacant_space_in_their_building_only_and_it_is_audited():
    own, other = f.BuildingFactory(), f.BuildingFactory()
    operator = f.user_with_role("operator", buildings=[own])
    unit = services.vacant_unit_create(data=_listing(own), actor=operator, today=dt.date(2024, 4, 1))
    assert unit.status == ListingStatus.AVAILABLE and unit.confirmed_on == dt.date(2024, 4, 1)
    assert AuditEntry.objects.filter(object_id=str(unit.pk), action="create", actor=operator).exists()
    with pytest.raises(PermissionDenied):
        services.vacant_unit_create(data=_listing(other), actor=operator)


def test_a_district_user_lists_space_only_in_their_district():
    user = f.district_editor("姑苏区")
    services.vacant_unit_create(data=_listing(f.BuildingFactory(district=f.district("姑苏区"))), actor=user)
    with pytest.raises(PermissionDenied):
        services.vacant_unit_create(data=_listing(f.BuildingFactory(district=f.district("吴中区"))), actor=user)


def test_a_photo_must_be_an_image_by_content_not_only_by_name():
    building = f.BuildingFactory()
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.vacant_unit_create(data=_listing(building, photo=fake), actor=None)
    assert "内容不是有效的 png 文件" in str(exc.value)
    wrong_type = SimpleUploadedFile("plan.exe", PNG)
    assert services.attachment_problems("floor_plan", wrong_type) == [("floor_plan", "平面图只接受 jpg/jpeg/png/pdf 文件")]
    assert services.attachment_problems("photo", SimpleUploadedFile("photo.png", PNG)) == []


def test_expiry_marks_stale_then_withdraws_and_confirming_restores(settings, tmp_path):
    unit = VacantUnitFactory(confirmed_on=dt.date(2024, 1, 1))
    fresh = VacantUnitFactory(confirmed_on=dt.date(2024, 2, 20))
    assert services.vacant_units_expire(today=dt.date(2024, 3, 5)) == {"stale": 1, "withdrawn": 0}
    unit.refresh_from_db()
    assert unit.status == ListingStatus.STALE
    services.vacant_unit_confirm(vacant_unit=unit, actor=None, today=dt.date(2024, 3, 6))
    unit.refresh_from_db()
    assert unit.status == ListingStatus.AVAILABLE
    assert services.vacant_units_expire(today=dt.date(2024, 6, 10)) == {"stale": 0, "withdrawn": 2}
    fresh.refresh_from_db()
    assert fresh.status == ListingStatus.WITHDRAWN


def test_listed_vacancy_far_from_the_latest_report_is_flagged():
    building = f.BuildingFactory()
    f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1), leasable_area=Decimal(18000), leased_area=Decimal(17000))
    VacantUnitFactory(building=building, area=Decimal(3000))
    consistent = f.BuildingFactory()
    f.OperationReportFactory(building=consistent, period=dt.date(2024, 3, 1), leasable_area=Decimal(18000), leased_area=Decimal(15000))
    VacantUnitFactory(building=consistent, area=Decimal(2900))
    flagged = selectors.vacancy_gap_rows([building.pk, consistent.pk])
    assert [(b, gap.listed, gap.reported) for b, _d, gap in flagged] == [(building.pk, Decimal(3000), Decimal(1000))]


def test_a_demand_with_an_invalid_uscc_is_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        services.demand_create(data={"enterprise_name": "某公司", "uscc": "91320500MA1234567X", "area_min": Decimal(100),
                                     "area_max": Decimal(50)}, actor=None)
    assert "最大面积不能小于最小面积" in str(exc.value) and "uscc" in exc.value.message_dict


def test_a_signed_lead_creates_the_new_enterprise_and_its_tenancy_and_leases_the_unit():
    user = f.district_editor("姑苏区")
    building = f.BuildingFactory(district=f.district("姑苏区"))
    unit = VacantUnitFactory(building=building, area=Decimal("420.00"), floor="9", unit="901")
    demand = DemandFactory(district=building.district, enterprise_name="苏州新来律师事务所")
    lead = services.lead_create(demand=demand, unit=unit, actor=user, on=dt.date(2024, 3, 1))
    services.lead_advance(lead=lead, stage=LeadStage.CONTACT, actor=user, on=dt.date(2024, 3, 5), note="电话对接")
    services.lead_advance(lead=lead, stage=LeadStage.VISIT, actor=user, on=dt.date(2024, 3, 12))
    with pytest.raises(ValidationError) as exc:
        services.lead_advance(lead=lead, stage=LeadStage.SIGNED, actor=user, on=dt.date(2024, 3, 20))
    assert "统一社会信用代码" in str(exc.value)
    uscc = f.next_uscc()
    services.lead_advance(lead=lead, stage=LeadStage.SIGNED, actor=user, on=dt.date(2024, 3, 20), uscc=uscc)
    lead.refresh_from_db()
    enterprise = Enterprise.objects.get(uscc=uscc)
    assert enterprise.name == "苏州新来律师事务所" and enterprise.district == building.district
    tenancy = Tenancy.objects.get(enterprise=enterprise)
    assert (tenancy.building, tenancy.area, tenancy.move_in, tenancy.room) == (building, Decimal("420.00"), dt.date(2024, 3, 20), "901")
    assert lead.tenancy == tenancy and lead.stage == LeadStage.SIGNED and lead.intent_on is None
    assert VacantUnit.objects.get(pk=unit.pk).status == ListingStatus.LEASED
    assert "电话对接" in lead.notes
    assert AuditEntry.objects.filter(object_id=str(lead.pk), note__contains="签约").exists()


def test_stages_only_move_forward_and_a_lost_lead_needs_a_reason():
    lead = LeadFactory(clue_on=dt.date(2024, 3, 1))
    services.lead_advance(lead=lead, stage=LeadStage.VISIT, actor=None, on=dt.date(2024, 3, 2))
    with pytest.raises(ValidationError):
        services.lead_advance(lead=lead, stage=LeadStage.CONTACT, actor=None, on=dt.date(2024, 3, 3))
    with pytest.raises(ValidationError):
        services.lead_advance(lead=lead, stage=LeadStage.INTENT, actor=None, on=dt.date(2024, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.lead_advance(lead=lead, stage=LeadStage.LOST, actor=None, on=dt.date(2024, 3, 4))
    assert "流失须填写原因" in str(exc.value)
    services.lead_advance(lead=lead, stage=LeadStage.LOST, actor=None, on=dt.date(2024, 3, 4), reason="租金超出预算")
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == (LeadStage.LOST, "租金超出预算")


def test_the_funnel_counts_each_stage_reached_per_district_and_the_average_days_between_stages():
    lead = LeadFactory(clue_on=dt.date(2024, 3, 1))
    services.lead_advance(lead=lead, stage=LeadStage.CONTACT, actor=None, on=dt.date(2024, 3, 11))
    LeadFactory(clue_on=dt.date(2024, 3, 1))
    from louyu.investment.models import Lead

    [row] = selectors.funnel(Lead.objects.all())
    assert (row["district"], row["clue"], row["contact"], row["visit"], row["total"]) == ("姑苏区", 2, 1, 0, 2)
    first = selectors.stage_durations(Lead.objects.all())[0]
    assert (first["from"], first["to"], first["count"], first["days"]) == ("线索", "对接", 1, 10.0)


def test_the_expire_listings_command_applies_the_rule_and_reports_counts():
    from io import StringIO

    from django.core.management import call_command

    VacantUnitFactory(confirmed_on=dt.date(2024, 1, 1))
    out = StringIO()
    call_command("expire_listings", "--today", "2024-03-15", stdout=out)
    assert out.getvalue().strip() == "标记待确认 1 处，下架 0 处"
    assert AuditEntry.objects.filter(actor_label="louyu expire-listings", note__contains="未确认").count() == 1


def test_an_operator_imports_a_vacant_units_file_for_their_building_and_a_row_of_another_rejects_the_file(tmp_path):
    from louyu.intake.models import ImportStatus
    from louyu.intake.services import import_file

    own, other = f.BuildingFactory(code="OWN-1"), f.BuildingFactory(code="OTH-1")
    operator = f.user_with_role("operator", buildings=[own])
    header = "楼宇编码,楼层,单元/房号,面积(㎡),报价租金(元/㎡·天),装修,可入驻日期\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "OWN-1,12,1201,520,3.5,简装,2024-05-01\nOWN-1,12,1202,300,,精装,2024-06-01\n", encoding="utf-8")
    batch = import_file(kind="vacant_units", path_or_file=good, actor=operator)
    assert batch.status == ImportStatus.COMMITTED and batch.rows_inserted == 2, batch.errors
    unit = VacantUnit.objects.get(building=own, unit="1201")
    assert (unit.fit_out, unit.status, unit.confirmed_on) == ("basic", ListingStatus.AVAILABLE, dt.date.today())
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "OWN-1,12,1203,200,3,毛坯,2024-05-01\nOTH-1,3,0301,0,3,毛坯,2024-05-01\n", encoding="utf-8")
    batch = import_file(kind="vacant_units", path_or_file=bad, actor=operator)
    assert batch.status == ImportStatus.REJECTED
    reasons = " ".join(e["reason"] for e in batch.errors)
    assert "无权导入该楼宇的数据" in reasons
    assert not VacantUnit.objects.filter(unit="1203").exists()
