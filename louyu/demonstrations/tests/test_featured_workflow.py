"""特色产业楼宇: the workflow pages, persistence of a recognition in later years, revocation, the annual review."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from louyu.demonstrations import selectors
from louyu.enterprises.models import FeaturedCategory
from louyu.factories import city_admin, district, district_editor
from louyu.indicators import services
from louyu.indicators.models import FeaturedRecognition
from louyu.indicators.tests.scenario import D, building, by, compute, dy, enterprise, report, tax, tenancy

pytestmark = pytest.mark.django_db


def featured_building(name="姑苏区"):
    """A legal-services building: a candidate in 2023; in 2024 most of its law firms are gone (集聚度 falls)."""
    b = building(district=district(name), office_area=Decimal("10000"))
    report(b, 2023, 12, leasable="10000.00", leased="9000.00")
    report(b, 2024, 12, leasable="10000.00", leased="9000.00")
    for i in range(4):
        firm = enterprise("7231")
        tenancy(firm, b, area="100.00", move_out=D(2024, 1, 1) if i else None)
        tax(firm, 2023, 10)
    for _ in range(4):
        tax(trader := enterprise("5191"), 2024, 10)
        tenancy(trader, b, move_in=D(2024, 1, 1), area="100.00")
    tax(firm, 2024, 10)
    compute()
    return b, FeaturedCategory.objects.get(code="legal")


def recognise(b, category, *, on=D(2023, 8, 1)):
    admin = city_admin()
    rec = services.featured_propose(building=b, category=category, year=2023, actor=district_editor(b.district.name))
    services.featured_publicise(recognition=rec, notice_start=on - dt.timedelta(days=20), notice_end=on - dt.timedelta(days=10), actor=admin)
    return services.featured_recognise(recognition=rec, recognised_on=on, actor=admin)


def test_a_recognised_building_keeps_its_status_in_later_years_until_revoked():
    b, legal = featured_building()
    rec = recognise(b, legal)
    assert by(b, 2023).is_recognised and by(b, 2024).is_recognised  # 2024: no longer a candidate, still recognised
    assert dy(b.district, 2024).featured_recognised == 1 and dy(b.district, 2024).new_featured == 0
    services.featured_revoke(recognition=rec, revoked_on=D(2024, 12, 15), reason="集聚度下降，不再符合认定条件", actor=city_admin())
    assert not by(b, 2024).is_recognised and dy(b.district, 2024).featured_recognised == 0
    assert by(b, 2023).is_recognised and dy(b.district, 2023).new_featured == 1  # history stays


def test_revoking_needs_a_reason_a_later_date_and_the_city():
    b, legal = featured_building()
    rec = recognise(b, legal)
    with pytest.raises(ValidationError):
        services.featured_revoke(recognition=rec, revoked_on=D(2024, 3, 1), reason=" ", actor=city_admin())
    with pytest.raises(ValidationError):
        services.featured_revoke(recognition=rec, revoked_on=D(2023, 8, 1), reason="理由", actor=city_admin())
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.featured_revoke(recognition=rec, revoked_on=D(2024, 3, 1), reason="理由", actor=district_editor("姑苏区"))


def test_the_annual_review_flags_a_recognised_building_whose_concentration_fell_below_the_reserve_threshold():
    b, legal = featured_building()
    recognise(b, legal)
    admin = city_admin()
    assert [x["flagged"] for x in selectors.annual_review(2023, admin)] == [False]
    review = selectors.annual_review(2024, admin)
    assert len(review) == 1 and review[0]["flagged"] and review[0]["concentration"] < Decimal("0.5")


def test_the_workflow_pages_take_a_candidate_from_proposal_to_recognition(client):
    b, legal = featured_building()
    client.force_login(district_editor("姑苏区"))
    page = client.get(reverse("demonstrations:featured"), {"year": 2023}).content.decode()
    assert b.name in page and "申报" in page
    client.post(reverse("demonstrations:featured_propose"), {"building": b.pk, "category": legal.pk, "year": 2023, "note": "律所集聚"})
    rec = FeaturedRecognition.objects.get(building=b)
    assert rec.status == "proposed" and rec.proposal_note == "律所集聚"
    # a district editor cannot publicise
    client.post(reverse("demonstrations:featured_action", args=[rec.pk, "publicise"]),
                {"notice_start": "2023-07-01", "notice_end": "2023-07-07", "year": 2023})
    rec.refresh_from_db()
    assert rec.status == "proposed"
    client.force_login(city_admin())
    client.post(reverse("demonstrations:featured_action", args=[rec.pk, "publicise"]),
                {"notice_start": "2023-07-01", "notice_end": "2023-07-07", "year": 2023})
    client.post(reverse("demonstrations:featured_action", args=[rec.pk, "recognise"]), {"recognised_on": "2023-07-10", "year": 2023})
    rec.refresh_from_db()
    assert rec.status == "recognised" and rec.recognised_on == D(2023, 7, 10) and rec.notice_end == D(2023, 7, 7)
    page = client.get(reverse("demonstrations:featured"), {"year": 2024}).content.decode()
    assert "集聚度低于储备门槛" in page


def test_another_district_s_recognition_is_not_found_for_a_district_editor(client):
    b, legal = featured_building("吴中区")
    rec = services.featured_propose(building=b, category=legal, year=2023, actor=district_editor("吴中区"))
    client.force_login(district_editor("姑苏区"))
    response = client.post(reverse("demonstrations:featured_action", args=[rec.pk, "withdraw"]), {"year": 2023})
    assert response.status_code == 404


def test_high_output_buildings_are_listed_per_tier_with_the_new_entries(client):
    big = building(district=district("工业园区"))
    firm = enterprise()
    tenancy(firm, big)
    tax(firm, 2023, Decimal("5000000"))  # 6000万 in 2023
    tax(firm, 2024, Decimal("50000000"))  # 6亿 in 2024
    compute()
    tiers = {t["tier"]: t for t in selectors.high_output(2024, city_admin())}
    assert [r["fact"].building_id for r in tiers[5]["rows"]] == [big.pk] and tiers[5]["new"] == 1
    client.force_login(city_admin())
    assert big.name in client.get(reverse("demonstrations:high_output"), {"year": 2024}).content.decode()
