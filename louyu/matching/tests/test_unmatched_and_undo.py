"""无匹配 enterprises reach their district with their tax; a person's attribution teaches the matcher; every
decision can be taken back, with the tenancy it created and the alias it taught."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.enterprises.models import Tenancy
from louyu.matching import explain, selectors, services
from louyu.matching.models import AddressMatch, MatchStatus

from .test_review_flow import enterprise, register, review_match  # noqa: F401  (fixture and helpers)

pytestmark = pytest.mark.django_db
UNKNOWN_ADDRESS = "苏州工业园区旺墩路88号金鸡湖创意大楼5层"


def unmatched(register, name="苏州创意设计有限公司", tax="1200000.00"):
    e = enterprise(UNKNOWN_ADDRESS, name=name)
    f.TaxRecordFactory(enterprise=e, period=dt.date(2024, 3, 1), total_tax=Decimal(tax))
    services.enterprises_match(enterprises=[e])
    match = AddressMatch.objects.get(enterprise=e)
    assert match.status == MatchStatus.NONE
    return match


def test_unmatched_enterprises_are_listed_for_their_district_with_their_tax_largest_first(register):
    small = unmatched(register, "小额企业", "1000.00")
    large = unmatched(register, "大额企业", "5000000.00")
    rows, year = selectors.unmatched_for(f.district_editor("工业园区"))
    assert year == 2024
    assert [(m.pk, m.year_tax) for m in rows] == [(large.pk, Decimal("5000000.00")), (small.pk, Decimal("1000.00"))]
    assert not selectors.unmatched_for(f.district_editor("姑苏区"))[0].exists()
    assert not selectors.unmatched_for(f.user_with_role("city_viewer"))[0].exists()  # leaders read, they don't attribute


def test_attributing_an_unmatched_enterprise_teaches_the_matcher_its_building_name(register):
    match = unmatched(register)
    building = f.BuildingFactory(code="P100", name="金鸡湖创意产业园", district=f.district("工业园区"), address="旺墩路88号")
    services.match_decide(match=match, actor=f.district_editor("工业园区"), decision="correct", building=building)
    building.refresh_from_db()
    assert "金鸡湖创意大楼" in building.aliases
    assert Tenancy.objects.get(enterprise=match.enterprise).building == building
    # The next file with this address matches by itself.
    other = enterprise(UNKNOWN_ADDRESS.replace("5层", "7层"), name="另一家设计公司")
    services.enterprises_match(enterprises=[other])
    assert AddressMatch.objects.get(enterprise=other).building == building


def test_undo_returns_the_match_removes_the_tenancy_and_forgets_the_alias(register):
    match = unmatched(register)
    building = f.BuildingFactory(code="P101", name="金鸡湖创意产业园", district=f.district("工业园区"), address="旺墩路88号")
    editor = f.district_editor("工业园区")
    services.match_decide(match=match, actor=editor, decision="correct", building=building)
    audits = AuditEntry.objects.count()
    services.match_undo(match=match, actor=editor)
    match.refresh_from_db()
    building.refresh_from_db()
    assert (match.status, match.building, match.tenancy) == (MatchStatus.NONE, None, None)
    assert not Tenancy.objects.filter(enterprise=match.enterprise).exists()
    assert "金鸡湖创意大楼" not in building.aliases
    assert AuditEntry.objects.count() == audits + 3  # tenancy removed, alias removed, match reverted
    with pytest.raises(ValidationError):
        services.match_undo(match=match, actor=editor)


def test_undo_of_a_review_decision_keeps_a_tenancy_that_existed_before(register):
    match = review_match(register)
    editor = f.district_editor("工业园区")
    services.match_decide(match=match, actor=editor, decision="confirm")
    created = match.tenancy
    services.match_undo(match=match, actor=editor)
    match.refresh_from_db()
    assert match.status == MatchStatus.REVIEW and not Tenancy.objects.filter(pk=created.pk).exists()
    with pytest.raises(ValidationError, match="撤销"):  # a decided match is changed by undoing it first
        services.match_decide(match=match, actor=editor, decision="confirm")
        services.match_decide(match=match, actor=editor, decision="reject")


def test_building_search_offers_only_buildings_the_user_may_attribute_to(register):
    assert [b.code for b in selectors.building_search(f.district_editor("工业园区"), "星港")] == ["B005", "B006"]
    assert not selectors.building_search(f.district_editor("姑苏区"), "星港").exists()
    assert [b.code for b in selectors.building_search(f.district_editor("姑苏区"), "干将西路")] == ["G001"]
    assert not selectors.building_search(f.city_admin(), "星").exists()  # two characters at least


def test_evidence_reads_as_a_sentence_with_what_agrees_and_what_does_not():
    sentence = explain.evidence_sentence({"evidence": ["路名门牌一致：星港街188号", "楼栋不符：C座（登记楼栋：A座）", "地区一致：工业园区"]})
    assert sentence == "与地址相符：路名门牌一致：星港街188号、地区一致：工业园区；不符之处：楼栋不符：C座（登记楼栋：A座）。"


def test_a_tie_is_resolved_by_fewest_contradictions_then_the_enterprises_district():
    a = {"code": "A", "name": "甲大厦", "score": 0.48, "evidence": ["路名门牌一致：星港街188号", "楼栋不符：C座"]}
    b = {"code": "B", "name": "乙大厦", "score": 0.46, "evidence": ["路名门牌一致：星港街188号", "地区一致：工业园区"]}
    advice = explain.recommendation([a, b], "工业园区")
    assert advice["code"] == "B" and "不符之处最少" in advice["text"] and "甲大厦（48%）" in advice["text"]
    assert explain.recommendation([a, {**b, "score": 0.2}], "工业园区") is None  # not close: the score decides


def test_the_pages_list_search_decide_and_undo(client, register):
    match = unmatched(register)
    building = f.BuildingFactory(code="P102", name="金鸡湖创意产业园", district=f.district("工业园区"), address="旺墩路88号")
    client.force_login(f.district_editor("工业园区"))
    page = client.get(reverse("matching:unmatched")).content.decode()
    assert match.enterprise.name in page and "120.0" in page  # 1,200,000 元 = 120.0 万元
    choices = client.get(reverse("matching:building_search", args=[match.pk]), {"q": "创意产业"}).content.decode()
    assert "金鸡湖创意产业园" in choices
    client.post(reverse("matching:review_decide", args=[match.pk]), {"decision": "correct", "building_code": "P102"})
    assert AddressMatch.objects.get(pk=match.pk).building == building
    assert match.enterprise.name in client.get(reverse("matching:decisions")).content.decode()
    client.post(reverse("matching:decision_undo", args=[match.pk]))
    assert AddressMatch.objects.get(pk=match.pk).status == MatchStatus.NONE
