"""The blue book's chapters on the policy-work registers read the real registers through the apps that own them
(registered report sections): events per type and the mechanism rules, featured-building and team recognitions,
operation teams, service points and the self-service ratio, party organisations, evaluation scores and key-task
completion — each figure equal to the owning app's selector."""
from __future__ import annotations

import datetime as dt

import pytest

from louyu import factories as f
from louyu.events import selectors as events
from louyu.evaluation import selectors as evaluation
from louyu.reports import fmt, sections, services
from louyu.reports import selectors as report_selectors
from louyu.reports.documents.bluebook import book
from louyu.servicepoints import selectors as servicepoints
from louyu.teams.models import OperationTeam

from .readers import docx_tables, docx_text, table_starting


def add_registers(city) -> None:
    gusu, huqiu = f.district("姑苏区"), f.district("虎丘区")
    for month, where in ((1, gusu), (3, huqiu), (3, gusu), (5, None)):
        f.EventFactory(name=f"推介会{month}-{where}", district=where, held_on=dt.date(2023, month, 12), participants=100,
                       signed_projects=2, signed_amount=5000)
    meeting = f.EventFactory(name="全市楼宇经济联席会议", kind="joint_meeting", district=None, held_on=dt.date(2023, 4, 20),
                             organiser="市发改委", participants=40, signed_projects=None, signed_amount=None)
    f.ResolutionFactory(event=meeting, status="done", completed_on=dt.date(2023, 6, 1))
    f.ResolutionFactory(event=meeting, content="产权分割试点", deadline=dt.date(2023, 9, 30))
    first = f.OperationTeamFactory(name="观前运营团队", district=gusu)
    first.buildings.set([city.buildings["观前金融大厦"], city.buildings["平江商务中心"]])
    f.OperationTeamFactory(name="狮山运营团队", district=huqiu).buildings.set([city.buildings["狮山国际广场"]])
    f.TeamRecognitionFactory(team=first, year=2023)
    point = f.ServicePointFactory(name="观前政务服务站", building=city.buildings["观前金融大厦"])
    f.ServicePointFactory(name="狮山服务点", building=city.buildings["狮山国际广场"])
    f.ServiceVolumeFactory(point=point, period=dt.date(2023, 5, 1), transactions=300, self_service=120)
    f.ServiceVolumeFactory(point=point, period=dt.date(2023, 6, 1), transactions=200, self_service=130)
    f.PartyOrganisationFactory(name="观前联合党支部", building=city.buildings["观前金融大厦"], members=15)
    f.PartyOrganisationFactory(name="狮山独立党支部", building=city.buildings["狮山国际广场"], kind="independent", members=8)
    f.FeaturedRecognitionFactory(building=city.buildings["狮山国际广场"], year=2023, status="recognised",
                                 notice_end=dt.date(2023, 7, 20), recognised_on=dt.date(2023, 8, 1))
    task = f.KeyTaskFactory(seq=2, area="加强要素保障", task="建立楼宇经济统计监测制度", deadline_text="2023 年底前",
                            deadline=dt.date(2023, 12, 31))
    done = f.TaskAssignmentFactory(task=task, district=gusu)
    f.ProgressReportFactory(assignment=done, reported_on=dt.date(2023, 11, 30), status="done", text="已建立")
    f.TaskAssignmentFactory(task=task, district=huqiu)


@pytest.fixture
def book_with_registers(generated):
    def make(city, out):
        add_registers(city)
        path = services.bluebook_generate(year=city.year, path=out / "蓝皮书（登记簿）.docx")["path"]
        return {
            "text": docx_text(path), "tables": docx_tables(path),
            "events": events.events_by_kind(city.year), "compliance": events.compliance_summary(city.year),
            "teams": OperationTeam.objects.count(), "service": servicepoints.self_service_by_district(city.year),
            "party": servicepoints.party_coverage(), "evaluation": evaluation.evaluate(city.year)["rows"],
            "tasks": report_selectors.task_standing(city.year),
            "recognised": [r.building.name for r in report_selectors.recognitions(city.year)],
        }
    return generated(make)


def test_every_register_slot_has_its_provider():
    assert set(sections.PROVIDERS) == set(sections.SLOTS)


def test_events_per_type_and_the_mechanism_verdicts_equal_the_event_register(book_with_registers):
    data = book_with_registers
    table = table_starting(data["tables"], "活动类型", "场次")
    assert {r[0]: r[1] for r in table[1:]} == {r["label"]: fmt.count(r["events"]) for r in data["events"]} == {"推介活动": "4", "联席会议": "1"}
    assert {r[0]: r[2] for r in table[1:]}["推介活动"] == "400"
    verdicts = table_starting(data["tables"], "工作机制", "期间数")
    assert {r[0]: (r[2], r[3]) for r in verdicts[1:]} == {s["rule"]: (str(s["met"]), str(s["missed"])) for s in data["compliance"]}
    assert "联席会议议定事项 2 项，已完成 1 项，逾期未完成 1 项" in data["text"]


def test_teams_and_their_recognitions_equal_the_team_register(book_with_registers):
    data = book_with_registers
    assert f"登记楼宇招商运营团队 {data['teams']} 个，运营楼宇 3 幢；2023 年认定优秀楼宇招商运营团队 1 个：观前运营团队。" in data["text"]
    rows = table_starting(data["tables"], "团队", "所属公司")[1:]
    assert [r[0] for r in rows] == ["观前运营团队", "狮山运营团队"] and rows[0][-1] == "2023 年"
    assert "狮山国际广场" in data["recognised"] and "狮山国际广场" in table_starting(data["tables"], "楼宇", "地区", "特色产业类别")[1][0]


def test_service_points_self_service_ratio_and_party_organisations_equal_their_selectors(book_with_registers):
    data = book_with_registers
    city = data["service"][-1]
    assert (city["points"], city["transactions"], city["self_service"]) == (2, 500, 250)
    assert f"楼宇政务服务站（点）{city['points']} 个；2023 年报送办件 500 件，其中自助办理 250 件，自助办理比例 {fmt.pct(city['ratio'])}" in data["text"]
    total_row = table_starting(data["tables"], "地区", "服务站（点）")[-1]
    assert total_row == ["全市合计", "2", "500", "250", "50.0%"]
    party = table_starting(data["tables"], "地区", "独立党组织")
    members = {r["district"].name: r["members"] for r in data["party"] if r["total"]}
    assert {r[0]: r[-2] for r in party[1:]} == {name: str(n) for name, n in members.items()} == {"姑苏区": "15", "虎丘区": "8"}


def test_evaluation_scores_and_task_completion_equal_their_selectors(book_with_registers):
    data = book_with_registers
    scores = table_starting(data["tables"], "排名", "地区", "总分")[1:]
    assert [(r[0], r[1], r[2]) for r in scores] == [(str(r["rank"]), r["district"], f"{r['total']:.2f}") for r in data["evaluation"]]
    assert "平台按现行权重实时计算（尚未发布）" in data["text"]
    tasks = data["tasks"]["total"]
    assert tasks["done"] == 1  # the one assignment reported 完成 (the city's reference assignments have no reports)
    assert (f"重点任务分解落实 {fmt.count(tasks['total'])} 项，其中已完成 1 项，按期推进 {fmt.count(tasks['on_time'])} 项" in data["text"]
            and f"完成率 {fmt.pct(1 / tasks['total'])}" in data["text"])
    by_area = table_starting(data["tables"], "五方面工作", "分解任务")
    assert {r[0]: r[1] for r in by_area[1:]} == {a: fmt.count(r["total"]) for a, r in data["tasks"]["by_area"].items()}


def test_the_register_chapters_stay_in_the_book_s_order():
    keys = [c.key for c in book.chapters]
    assert keys.index("teams") < keys.index("events") < keys.index("tasks") < keys.index("services") < keys.index("evaluation")


def test_a_text_column_after_the_figures_is_left_aligned_in_both_formats():
    from louyu.reports import blocks as b

    table = b.Table(["工作机制", "期间数", "达标", "未达标的期间"], [["推介活动每双月", "6", "5", "2023年11-12月"]], numeric_from=1, numeric_to=3)
    assert [table.right_aligned(i) for i in range(4)] == [False, True, True, False]
    assert [b.Table(["a", "b"], []).right_aligned(i) for i in range(2)] == [False, True]
