"""特色产业楼宇认定: district proposes a candidate, city publishes (公示) and recognises; 新增 counts by date."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from louyu.core.models import AuditEntry
from louyu.enterprises.models import FeaturedCategory
from louyu.factories import city_admin, district, district_editor
from louyu.indicators import services

from .scenario import D, building, by, compute, dy, enterprise, report, tax, tenancy

pytestmark = pytest.mark.django_db


def _candidate(name: str = "姑苏区"):
    b = building(district=district(name), office_area=Decimal("10000"))
    report(b, 2024, 6, leasable="10000.00", leased="9000.00")
    for _ in range(4):
        e = enterprise("7231")
        tenancy(e, b, area="100.00")
        tax(e, 2024, 10, months=range(1, 7))
    compute()
    assert by(b, 2024).featured_status == "candidate"
    return b, FeaturedCategory.objects.get(code="legal")


def test_recognition_counts_as_new_featured_building_in_the_year_of_its_date():
    b, legal = _candidate()
    editor, admin = district_editor("姑苏区"), city_admin()
    rec = services.featured_propose(building=b, category=legal, year=2024, note="律所集聚", actor=editor)
    services.featured_publicise(recognition=rec, notice_start=D(2024, 7, 1), notice_end=D(2024, 7, 7), actor=admin)
    services.featured_recognise(recognition=rec, recognised_on=D(2024, 7, 10), actor=admin)
    assert dy(b.district, 2024).new_featured == 1 and dy(b.district, 2024).featured_recognised == 1
    assert by(b, 2024).is_recognised and by(b, 2024).featured_label == "已认定"
    assert AuditEntry.objects.filter(object_id=str(rec.pk)).count() == 3
    assert AuditEntry.objects.filter(object_id=str(rec.pk), actor=admin).count() == 2


def test_recognition_needs_the_public_notice_period_to_have_ended():
    b, legal = _candidate()
    admin = city_admin()
    rec = services.featured_propose(building=b, category=legal, year=2024, actor=district_editor("姑苏区"))
    with pytest.raises(ValidationError):
        services.featured_recognise(recognition=rec, recognised_on=D(2024, 7, 10), actor=admin)  # not published
    services.featured_publicise(recognition=rec, notice_start=D(2024, 7, 1), notice_end=D(2024, 7, 7), actor=admin)
    with pytest.raises(ValidationError):
        services.featured_recognise(recognition=rec, recognised_on=D(2024, 7, 7), actor=admin)  # still in 公示期


def test_district_editor_proposes_only_own_district_and_cannot_recognise():
    b, legal = _candidate("工业园区")
    with pytest.raises(PermissionDenied):
        services.featured_propose(building=b, category=legal, year=2024, actor=district_editor("姑苏区"))
    rec = services.featured_propose(building=b, category=legal, year=2024, actor=district_editor("工业园区"))
    with pytest.raises(PermissionDenied):
        services.featured_publicise(recognition=rec, notice_start=D(2024, 7, 1), notice_end=D(2024, 7, 7),
                                    actor=district_editor("工业园区"))


def test_only_candidates_of_the_category_can_be_proposed_and_only_once():
    b, legal = _candidate()
    editor = district_editor("姑苏区")
    with pytest.raises(ValidationError):
        services.featured_propose(building=b, category=FeaturedCategory.objects.get(code="finance"), year=2024, actor=editor)
    services.featured_propose(building=b, category=legal, year=2024, actor=editor)
    with pytest.raises(ValidationError):
        services.featured_propose(building=b, category=legal, year=2024, actor=editor)


def test_rejected_and_withdrawn_proposals_do_not_count():
    b, legal = _candidate()
    editor, admin = district_editor("姑苏区"), city_admin()
    rec = services.featured_propose(building=b, category=legal, year=2024, actor=editor)
    services.featured_withdraw(recognition=rec, actor=editor)
    rec = services.featured_propose(building=b, category=legal, year=2024, actor=editor)
    with pytest.raises(ValidationError):
        services.featured_reject(recognition=rec, note="", actor=admin)
    services.featured_reject(recognition=rec, note="集聚度数据待核实", actor=admin)
    compute()
    assert dy(b.district, 2024).new_featured == 0 and not by(b, 2024).is_recognised
