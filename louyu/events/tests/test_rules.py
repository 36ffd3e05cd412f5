"""三(五) 工作机制 rules, judged on chosen days: each period 达标 / 未达标 / 进行中."""
import datetime as dt

import pytest

from louyu import factories as f
from louyu.events import rules, selectors
from louyu.events.models import EventKind

pytestmark = pytest.mark.django_db


def verdicts(year, today, code):
    return {j.period.label: j.status for j in selectors.compliance(year, today=today) if j.code == code}


def test_two_month_periods_and_half_years_cover_the_year_without_gaps():
    periods = rules.bimonths(2024)
    assert [p.label for p in periods] == [f"2024年{m}-{m + 1}月" for m in range(1, 13, 2)]
    assert periods[0].end == dt.date(2024, 2, 29)  # a leap year's February
    assert all(b.start - a.end == dt.timedelta(days=1) for a, b in zip(periods, periods[1:]))
    assert [(p.label, p.start, p.end) for p in rules.halves(2023)] == [
        ("2023年上半年", dt.date(2023, 1, 1), dt.date(2023, 6, 30)), ("2023年下半年", dt.date(2023, 7, 1), dt.date(2023, 12, 31))]


def test_a_district_promotion_event_meets_the_city_wide_two_month_rule():
    f.EventFactory(district=f.district("吴中区"), held_on=dt.date(2023, 3, 10))
    got = verdicts(2023, dt.date(2024, 1, 15), "promotion_every_two_months")
    assert got["2023年3-4月"] == rules.MET
    assert got["2023年1-2月"] == rules.MISSED


def test_a_city_level_promotion_event_counts_too():
    f.EventFactory(district=None, held_on=dt.date(2023, 5, 20), organiser="市发改委")
    assert verdicts(2023, dt.date(2024, 1, 1), "promotion_every_two_months")["2023年5-6月"] == rules.MET


def test_the_last_day_of_a_two_month_period_belongs_to_it_and_the_next_day_does_not():
    f.EventFactory(held_on=dt.date(2023, 2, 28))
    f.EventFactory(held_on=dt.date(2023, 5, 1))
    got = verdicts(2023, dt.date(2023, 12, 31), "promotion_every_two_months")
    assert got["2023年1-2月"] == rules.MET
    assert got["2023年3-4月"] == rules.MISSED
    assert got["2023年5-6月"] == rules.MET


def test_a_period_not_over_on_the_day_asked_is_in_progress_until_its_last_day_has_passed():
    assert verdicts(2023, dt.date(2023, 2, 28), "promotion_every_two_months")["2023年1-2月"] == rules.IN_PROGRESS
    assert verdicts(2023, dt.date(2023, 3, 1), "promotion_every_two_months")["2023年1-2月"] == rules.MISSED
    assert verdicts(2023, dt.date(2023, 3, 1), "promotion_every_two_months")["2023年11-12月"] == rules.IN_PROGRESS


def test_an_event_after_the_day_asked_does_not_count_yet():
    f.EventFactory(held_on=dt.date(2023, 2, 20))
    assert verdicts(2023, dt.date(2023, 2, 10), "promotion_every_two_months")["2023年1-2月"] == rules.IN_PROGRESS


def test_joint_meetings_are_judged_per_half_year_on_its_boundary_days():
    f.EventFactory(kind=EventKind.JOINT_MEETING, district=None, held_on=dt.date(2023, 6, 30))
    f.EventFactory(kind=EventKind.JOINT_MEETING, district=None, held_on=dt.date(2024, 7, 1))
    on_june_30 = verdicts(2023, dt.date(2023, 6, 30), "joint_meeting_every_half_year")
    assert on_june_30 == {"2023年上半年": rules.MET, "2023年下半年": rules.IN_PROGRESS}
    assert verdicts(2023, dt.date(2024, 1, 1), "joint_meeting_every_half_year")["2023年下半年"] == rules.MISSED
    # A meeting on 1 July is the second half's, not the first's.
    assert verdicts(2024, dt.date(2025, 1, 1), "joint_meeting_every_half_year") == {
        "2024年上半年": rules.MISSED, "2024年下半年": rules.MET}


def test_only_a_city_level_conference_meets_the_yearly_conference_rule():
    f.EventFactory(kind=EventKind.CONFERENCE, district=f.district("姑苏区"), held_on=dt.date(2023, 9, 1))
    assert verdicts(2023, dt.date(2024, 1, 1), "conference_every_year") == {"2023年": rules.MISSED}
    f.EventFactory(kind=EventKind.CONFERENCE, district=None, held_on=dt.date(2023, 11, 1), name="苏州市楼宇经济发展大会")
    assert verdicts(2023, dt.date(2024, 1, 1), "conference_every_year") == {"2023年": rules.MET}


def test_the_blue_book_is_a_recorded_yearly_publication():
    assert verdicts(2023, dt.date(2023, 6, 1), "bluebook_every_year") == {"2023年": rules.IN_PROGRESS}
    f.EventFactory(kind=EventKind.BLUEBOOK, district=None, held_on=dt.date(2023, 4, 1), name="2022年楼宇经济蓝皮书")
    assert verdicts(2023, dt.date(2023, 6, 1), "bluebook_every_year") == {"2023年": rules.MET}


def test_the_basis_names_the_events_counted():
    f.EventFactory(name="金融街推介会", district=f.district("工业园区"), held_on=dt.date(2023, 7, 8))
    judgement = next(j for j in selectors.compliance(2023, today=dt.date(2024, 1, 1)) if j.period.label == "2023年7-8月")
    assert judgement.basis == "2023-07-08 工业园区 金融街推介会"


def test_the_rules_and_their_frequencies_come_from_the_city_configuration(tmp_path, settings, monkeypatch):
    folder = tmp_path / "suzhou"
    folder.mkdir()
    for name in ("city.json", "districts.csv"):
        (folder / name).write_text((rules.cities_dir() / "suzhou" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "mechanisms.json").write_text(
        '{"rules": {"promotion_every_two_months": {"label": "推介活动每半年", "kinds": ["promotion_event"], '
        '"period": "half", "minimum": 2}}}', encoding="utf-8")
    monkeypatch.setenv("LOUYU_CITIES_DIR", str(tmp_path))
    rules._load.cache_clear()
    try:
        f.EventFactory(held_on=dt.date(2023, 3, 1))
        got = selectors.compliance(2023, today=dt.date(2024, 1, 1))
        assert [(j.rule, j.period.label, j.status) for j in got] == [
            ("推介活动每半年", "2023年上半年", rules.MISSED), ("推介活动每半年", "2023年下半年", rules.MISSED)]
    finally:
        rules._load.cache_clear()


def test_every_configured_rule_is_a_registered_function_with_its_own_test():
    assert {s.code for s in rules.configured()} == set(rules.RULES)
