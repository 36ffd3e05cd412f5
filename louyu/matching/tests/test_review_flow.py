"""Attribution in the database: automatic matches, the district review queue, decisions and their effects."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from louyu import factories as f
from louyu.enterprises.models import Tenancy, TenancyKind
from louyu.matching import selectors, services
from louyu.matching.models import AddressMatch, MatchStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    park = f.district("工业园区")
    gusu = f.district("姑苏区")
    return {
        "media": f.BuildingFactory(code="B002", name="现代传媒广场", aliases=["传媒广场"], district=park, address="苏州大道东265号"),
        "tower_a": f.BuildingFactory(code="B005", name="星港商务中心A座", aliases=["星港中心A座"], district=park, address="星港街188号", towers=["A座"]),
        "tower_b": f.BuildingFactory(code="B006", name="星港商务中心B座", aliases=["星港中心B座"], district=park, address="星港街188号", towers=["B座"]),
        "gusu": f.BuildingFactory(code="G001", name="苏州国际大厦", district=gusu, address="干将西路1号"),
    }


def enterprise(address, district="工业园区", **kw):
    return f.EnterpriseFactory(registered_address=address, district=f.district(district), established_on=dt.date(2019, 3, 1), **kw)


def test_certain_address_is_attributed_as_registered_only(register):
    e = enterprise("苏州工业园区苏州大道东265号现代传媒广场25层2501室")
    counts = services.enterprises_match(enterprises=[e])
    match = AddressMatch.objects.get(enterprise=e)
    assert match.status == MatchStatus.MATCHED and match.building == register["media"]
    assert counts["attributed"] == 1
    tenancy = Tenancy.objects.get(enterprise=e)
    assert tenancy.building == register["media"] and tenancy.kind == TenancyKind.REGISTERED_ONLY
    assert tenancy.move_in == dt.date(2019, 3, 1) and tenancy.source == services.MATCH_SOURCE
    assert any("苏州大道东265号" in ev for ev in match.evidence)


def test_address_outside_every_registered_building_stays_unmatched(register):
    e = enterprise("苏州工业园区苏州大道东999号某某大楼3楼")
    services.enterprises_match(enterprises=[e])
    assert AddressMatch.objects.get(enterprise=e).status == MatchStatus.NONE
    assert not Tenancy.objects.filter(enterprise=e).exists()


def test_an_enterprise_already_registered_somewhere_is_not_reattributed(register):
    e = enterprise("苏州工业园区苏州大道东265号现代传媒广场25层")
    f.TenancyFactory(enterprise=e, building=register["gusu"], kind=TenancyKind.REGISTERED_PRESENT)
    services.enterprises_match(enterprises=[e])
    assert Tenancy.objects.filter(enterprise=e).count() == 1


def review_match(register):
    e = enterprise("苏州工业园区星港街188号星港商务中心")
    services.enterprises_match(enterprises=[e])
    match = AddressMatch.objects.get(enterprise=e)
    assert match.status == MatchStatus.REVIEW, (match.status, match.evidence)
    return match


def test_uncertain_match_waits_in_its_districts_queue_only(register):
    match = review_match(register)
    assert list(selectors.review_queue_for(f.district_editor("工业园区"))) == [match]
    assert not selectors.review_queue_for(f.district_editor("姑苏区")).exists()
    assert not Tenancy.objects.filter(enterprise=match.enterprise).exists()


def test_correcting_a_match_creates_the_tenancy_and_teaches_an_alias(register):
    match = review_match(register)
    editor = f.district_editor("工业园区")
    services.match_decide(match=match, actor=editor, decision="correct", building=register["tower_b"])
    match.refresh_from_db()
    assert match.status == MatchStatus.CORRECTED and match.decided_by == editor
    tenancy = Tenancy.objects.get(enterprise=match.enterprise)
    assert tenancy.building == register["tower_b"] and tenancy.kind == TenancyKind.REGISTERED_ONLY


def test_rejecting_a_match_attributes_nothing(register):
    match = review_match(register)
    services.match_decide(match=match, actor=f.district_editor("工业园区"), decision="reject", note="企业已注销")
    match.refresh_from_db()
    assert match.status == MatchStatus.REJECTED and match.note == "企业已注销"
    assert not Tenancy.objects.filter(enterprise=match.enterprise).exists()


def test_another_districts_editor_cannot_decide(register, client):
    match = review_match(register)
    outsider = f.district_editor("姑苏区")
    with pytest.raises(PermissionDenied):
        services.match_decide(match=match, actor=outsider, decision="confirm")
    client.force_login(outsider)
    response = client.post(f"/matching/review/{match.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 403
    match.refresh_from_db()
    assert match.status == MatchStatus.REVIEW


def test_a_district_editor_cannot_attribute_to_another_districts_building(register):
    match = review_match(register)
    with pytest.raises(PermissionDenied):
        services.match_decide(match=match, actor=f.district_editor("工业园区"), decision="correct", building=register["gusu"])


def test_decided_matches_are_kept_when_the_address_is_unchanged(register):
    match = review_match(register)
    services.match_decide(match=match, actor=f.district_editor("工业园区"), decision="reject")
    counts = services.enterprises_match(enterprises=[match.enterprise])
    assert counts["kept"] == 1
    assert AddressMatch.objects.get(pk=match.pk).status == MatchStatus.REJECTED


def test_review_page_lists_the_queue_with_candidates_and_evidence(register, client):
    match = review_match(register)
    client.force_login(f.district_editor("工业园区"))
    page = client.get("/matching/review/").content.decode()
    assert match.enterprise.name in page and "星港商务中心A座" in page and "星港商务中心B座" in page
    assert "星港街188号" in page


def test_decision_through_the_page(register, client):
    match = review_match(register)
    client.force_login(f.district_editor("工业园区"))
    response = client.post(f"/matching/review/{match.pk}/decide/", {"decision": "correct", "building_code": "B005"})
    assert response.status_code == 302
    assert Tenancy.objects.get(enterprise=match.enterprise).building == register["tower_a"]


def test_batch_matching_notifies_the_indicators_once_for_all_its_chunks(register, django_capture_on_commit_callbacks):
    """Two chunks, two attributions: one refresh with both buildings, after the last chunk."""
    from louyu.core import changes

    heard = []
    changes.after_change(record := lambda batch, affected: heard.append(affected))
    try:
        one = enterprise("苏州工业园区苏州大道东265号现代传媒广场25层2501室")
        two = enterprise("苏州市干将西路1号苏州国际大厦12楼", district="姑苏区")
        with django_capture_on_commit_callbacks(execute=True):
            counts = services.enterprises_match(enterprises=[one, two], chunk_size=1)
        assert counts["attributed"] == 2
        assert heard == [{"buildings": {register["media"].pk, register["gusu"].pk}, "enterprises": {one.pk, two.pk},
                          "months": set()}]
    finally:
        changes.remove(record)
