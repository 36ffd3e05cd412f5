"""Demo data of the work mechanisms (三(五)) and typical demonstrations (三(四)): events and the featured-building
recognitions, deterministic for a seed.

- 推介活动: in 2023 every district holds its 附件1 target, except the districts in SHORT_2023, which fall short;
  in 2024 the same counts, but nobody holds one in July–August (a two-month gap city-wide: the rule is missed);
  every later year up to the as-of month the same counts again (nothing after the as-of month).
- 联席会议 each half-year (city), one 市级楼宇发展大会 and one 蓝皮书 a year, some 行业会议.
- Service points in three key buildings per district (monthly transactions from 2023 to the as-of month,
  self-service share rising),
  party organisations in about half of the key buildings.
- One operation team per district (three recognised for 2023).
- Two 督查 rounds in 2023 (one rectification left overdue).
- Every building the plan built up as featured (as many per district as 附件1's 新增特色产业楼宇, 27 in 2023) is
  recognised in 2023 after a 公示期.
"""
from __future__ import annotations

import datetime as dt
import random

from louyu.enterprises.models import FeaturedCategory
from louyu.events.models import Event, EventKind, Resolution
from louyu.indicators.models import FeaturedRecognition, RecognitionStatus

SHORT_2023 = {"常熟市": 1, "虎丘区": 3}  # district → events fewer than its 附件1 target in 2023
GAP_2024 = (7, 8)  # no 推介活动 anywhere in 2024年7-8月
THEMES = ("楼宇招商推介会", "产业楼宇专场推介", "重点楼宇云推介", "楼宇经济项目签约会", "商务楼宇招商对接会")


def _months(year: int) -> list[int]:
    return [m for m in range(1, 13) if not (year == 2024 and m in GAP_2024)]


def demo_events(districts, seed: int, end: dt.date = dt.date(2024, 12, 31)) -> list[Event]:
    """`districts`: DistrictInfo with pk, name, order and the 附件1 promotion target (attribute `promotion`);
    the events held from 2023 to `end`."""
    rng = random.Random(f"{seed}-events")
    events = []
    for year in range(2023, end.year + 1):
        months = _months(year)
        for d in districts:
            count = max(d.promotion - (SHORT_2023.get(d.name, 0) if year == 2023 else 0), 0)
            for i in range(count):
                month = months[min((i * len(months)) // count + d.order % 2, len(months) - 1)]
                day = 5 + (d.order * 3 + i * 7) % 22
                participants = rng.randint(60, 400)
                signed = rng.randint(0, 8)
                events.append(Event(
                    name=f"{d.name}{year}年{THEMES[i % len(THEMES)]}（第{i + 1}场）", kind=EventKind.PROMOTION_EVENT,
                    district_id=d.pk, held_on=dt.date(year, month, day), organiser=f"{d.name}商务局",
                    participants=participants, signed_projects=signed, intended_projects=signed + rng.randint(0, 6),
                    signed_amount=rng.randint(500, 90000) if signed else None))
        events += [
            Event(name=f"{year}年上半年全市楼宇经济联席会议", kind=EventKind.JOINT_MEETING, held_on=dt.date(year, 4, 18),
                  organiser="市发改委", participants=45, topics="重点商办项目推进；楼宇产权分割登记；亿元楼宇培育"),
            Event(name=f"{year}年下半年全市楼宇经济联席会议", kind=EventKind.JOINT_MEETING, held_on=dt.date(year, 10, 24),
                  organiser="市发改委", participants=42, topics="年度目标完成情况；特色产业楼宇认定；存量楼宇改造"),
            Event(name=f"{year}年苏州市楼宇经济发展大会", kind=EventKind.CONFERENCE, held_on=dt.date(year, 11, 16),
                  organiser="市政府", participants=600, signed_projects=24, intended_projects=40, signed_amount=1860000),
            Event(name=f"苏州市楼宇经济发展蓝皮书（{year - 1}年度）", kind=EventKind.BLUEBOOK, held_on=dt.date(year, 3, 28),
                  organiser="市发改委"),
            Event(name=f"{year}年全市商务楼宇运营管理行业会议", kind=EventKind.INDUSTRY_MEETING, held_on=dt.date(year, 6, 12),
                  organiser="市楼宇经济促进会", participants=150),
        ]
    return [e for e in events if e.held_on <= end]


def demo_resolutions(meetings: list[Event], end: dt.date = dt.date(2024, 12, 31)) -> list[Resolution]:
    """Two 议定事项 per 联席会议: the first done where the meeting's year ended before `end`'s year."""
    out = []
    for meeting in meetings:
        done = meeting.held_on.year < end.year
        out += [
            Resolution(event=meeting, content="推动重点商办项目按期竣工投用，协调解决验收中的难点堵点", owner="市住建局",
                       deadline=meeting.held_on + dt.timedelta(days=90), status="done" if done else "in_progress",
                       completed_on=meeting.held_on + dt.timedelta(days=80) if done else None),
            Resolution(event=meeting, content="研究出台分散产权楼宇统一招商运营的支持措施", owner="市商务局",
                       deadline=meeting.held_on + dt.timedelta(days=120), status="in_progress", progress="已完成调研，形成初稿"),
        ]
    return out


def demo_recognitions(featured_buildings, building_ids: dict[str, int], year: int = 2023) -> list[FeaturedRecognition]:
    """`featured_buildings`: the plan's buildings with a `featured` category code; recognised in `year`."""
    categories = dict(FeaturedCategory.objects.values_list("code", "id"))
    out = []
    for i, b in enumerate(sorted(featured_buildings, key=lambda b: b.code)):
        start = dt.date(year, 3 + (i % 8), 1)
        out.append(FeaturedRecognition(
            building_id=building_ids[b.code], category_id=categories[b.featured], year=year - 1,
            status=RecognitionStatus.RECOGNISED, proposal_note="演示数据：地区申报", notice_start=start,
            notice_end=start + dt.timedelta(days=6), recognised_on=start + dt.timedelta(days=20),
            decision_note="公示期满无异议，予以认定"))
    return out


def demo_inspections(districts, batch) -> list:
    """Two supervision rounds (June and December 2023): three districts each; one rectification left overdue."""
    from louyu.evaluation.models import Inspection

    by_name = {d.name: d.pk for d in districts}
    rounds = [
        (dt.date(2023, 6, 15), [("常熟市", "三(五) 强化宣传推介", "上半年推介活动场次低于序时进度", "三季度前补足推介活动", "done"),
                                ("吴江区", "三(二) 加强跟踪监测", "部分楼宇缺少坐标和商务办公面积", "一个月内补齐楼宇名录信息", "done"),
                                ("相城区", "三(三) 推动存量提升", "改造项目进度滞后", "制定改造推进计划", "done")]),
        (dt.date(2023, 12, 12), [("虎丘区", "三(五) 强化宣传推介", "全年推介活动未完成附件1目标", "次年一季度前提交整改报告", "open"),
                                 ("姑苏区", "三(一) 提升楼宇品质", "重点楼宇运营数据报送不及时", "按季度报送运营数据", "done"),
                                 ("工业园区", "三(四) 打造典型示范", "特色产业楼宇申报材料不完整", "补充集聚度佐证材料", "done")]),
    ]
    out = []
    for day, items in rounds:
        for name, item, findings, requirement, status in items:
            out.append(Inspection(inspected_on=day, district_id=by_name[name], policy_item=item, findings=findings,
                                  requirement=requirement, deadline=day + dt.timedelta(days=75), status=status,
                                  source="演示数据", source_batch_id=batch.pk))
    return out


def demo_service_points_and_party(data, batch, building_ids: dict[str, int], seed: int) -> tuple[int, int, int]:
    """Service points in three key buildings per district, reporting monthly from 2023 to the as-of month
    (`data.end`) with a rising share of self-service; party organisations in about half of the key buildings."""
    from louyu.servicepoints.models import GovernmentService, PartyOrganisation, ServicePoint, ServiceVolume

    rng = random.Random(f"{seed}-services")
    catalogue = list(GovernmentService.objects.order_by("code"))
    points, volumes, orgs = [], [], []
    for d in data.districts:
        keys = sorted((b for b in data.buildings if b.is_key and b.district.name == d.name), key=lambda b: b.code)
        for i, b in enumerate(keys[:3]):
            points.append((ServicePoint(name=f"{b.name}政务服务驿站", building_id=building_ids[b.code], opened_on=dt.date(2022, 3 + i, 1),
                                        has_self_service_terminal=i != 2, source="演示数据", source_batch_id=batch.pk),
                           rng.sample(catalogue, min(len(catalogue), 5 + i))))
        for i, b in enumerate(keys):
            if rng.random() < 0.5:
                kind = ("independent", "joint", "functional")[i % 3]
                orgs.append(PartyOrganisation(
                    name=f"{b.name}{'党支部' if kind == 'independent' else '联合党支部' if kind == 'joint' else '功能型党支部'}",
                    kind=kind, building_id=building_ids[b.code], lead_unit=b.operator or f"{b.name}运营公司",
                    members=rng.randint(3, 60), community=f"{d.name}楼宇党建共同体", founded_on=dt.date(2018 + i % 5, 7, 1),
                    source="演示数据", source_batch_id=batch.pk))
    ServicePoint.objects.bulk_create([p for p, _ in points])
    saved = list(ServicePoint.objects.filter(source_batch_id=batch.pk).order_by("pk"))
    for point, (_, chosen) in zip(saved, points):
        point.services.set(chosen)
        share = 0.35 + rng.random() * 0.1
        for month in range((data.end.year - 2023) * 12 + data.end.month):
            period = dt.date(2023 + month // 12, month % 12 + 1, 1)
            total = rng.randint(80, 400)
            own = min(total, int(total * min(share + month * 0.012, 0.95)))
            volumes.append(ServiceVolume(point=point, period=period, transactions=total, self_service=own))
    ServiceVolume.objects.bulk_create(volumes)
    PartyOrganisation.objects.bulk_create(orgs)
    return len(saved), len(volumes), len(orgs)


def demo_teams(data, batch, building_ids: dict[str, int]) -> tuple[int, int]:
    """One operation team per district running up to four of its key buildings; three teams recognised for 2023."""
    from louyu.teams.models import OperationTeam, TeamRecognition

    teams = []
    for d in data.districts:
        keys = sorted((b for b in data.buildings if b.is_key and b.district.name == d.name), key=lambda b: b.code)[:4]
        team = OperationTeam.objects.create(name=f"{d.name}楼宇招商运营服务团队", company=f"{d.name}产业载体运营有限公司",
                                            district_id=d.pk, contacts="招商部 0512-6000" + str(1000 + d.order),
                                            source="演示数据", source_batch_id=batch.pk)
        team.buildings.set([building_ids[b.code] for b in keys])
        teams.append(team)
    recognitions = TeamRecognition.objects.bulk_create([
        TeamRecognition(team=t, year=2023, recognised_on=dt.date(2024, 2, 28), note="年度招商运营成效突出") for t in teams[:3]])
    return len(teams), len(recognitions)


def write_mechanisms(data, batch, building_ids: dict[str, int], targets: dict[int, int]) -> dict[str, int]:
    """Write the events, 议定事项 and recognitions of the demo set; `targets`: district pk → 附件1 推介活动."""
    for d in data.districts:
        d.promotion = targets.get(d.pk, 0)
    events = demo_events(data.districts, data.seed, data.end)
    for e in events:
        e.source, e.source_batch_id = "演示数据", batch.pk
    Event.objects.bulk_create(events)
    meetings = list(Event.objects.filter(source_batch_id=batch.pk, kind=EventKind.JOINT_MEETING))
    resolutions = Resolution.objects.bulk_create(demo_resolutions(meetings, data.end))
    recognitions = FeaturedRecognition.objects.bulk_create(
        demo_recognitions([b for b in data.buildings if b.featured], building_ids))
    from louyu.evaluation.models import Inspection

    inspections = Inspection.objects.bulk_create(demo_inspections(data.districts, batch))
    points, volumes, orgs = demo_service_points_and_party(data, batch, building_ids, data.seed)
    teams, team_awards = demo_teams(data, batch, building_ids)
    return {"招商运营团队": teams, "优秀招商运营团队认定": team_awards, "政务服务点": points, "服务点月度办件量": volumes, "楼宇党组织": orgs, "活动": len(events), "议定事项": len(resolutions), "特色产业楼宇认定": len(recognitions), "督查记录": len(inspections)}


def delete_mechanisms(batch_ids) -> dict[str, int]:
    """Before the demo buildings go: their recognitions (PROTECT) and the demo events."""
    recognitions = FeaturedRecognition.objects.filter(building__source_batch_id__in=batch_ids).delete()[0]
    events = Event.objects.filter(source_batch_id__in=batch_ids).delete()[0]  # with their 议定事项 and materials
    from louyu.evaluation.models import Inspection

    inspections = Inspection.objects.filter(source_batch_id__in=batch_ids).delete()[0]
    from louyu.servicepoints.models import PartyOrganisation, ServicePoint

    points = ServicePoint.objects.filter(source_batch_id__in=batch_ids).delete()[0]
    orgs = PartyOrganisation.objects.filter(source_batch_id__in=batch_ids).delete()[0]
    from louyu.teams.models import OperationTeam

    teams = OperationTeam.objects.filter(source_batch_id__in=batch_ids).delete()[0]
    return {"招商运营团队": teams, "政务服务点及办件量": points, "楼宇党组织": orgs, "特色产业楼宇认定": recognitions, "活动及议定事项": events, "督查记录": inspections}
