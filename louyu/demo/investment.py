"""Demo data of 招商, 楼宇填报 and 楼长制, written after the registers (same batch, source "演示数据"):
listings in most buildings, demands and leads in every stage (signed ones tied to a real recent move-in),
operator accounts and a year of filed reports (some late, some returned), 楼长 for most key buildings and
企业诉求. Dates of live workflows are relative to today so staleness, deadlines and overdue look real."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from louyu.buildings.models import Building, OperationReport
from louyu.core.models import Role, Verification
from louyu.accounts.models import UserProfile
from louyu.enterprises.models import PRESENT_KINDS, Tenancy
from louyu.investment.models import Demand, DemandSource, FitOut, Lead, LeadStage, ListingStatus, STAGE_DATE_FIELD, STAGE_ORDER, VacantUnit
from louyu.stewardship.models import BuildingSteward, EnterpriseRequest, RequestCategory, RequestStatus

SOURCE = "演示数据"
USER_PREFIXES = ("demo-lz-", "demo-op-")  # 楼长 and operator accounts the demo creates (no usable password)
FIT_OUTS = [FitOut.SHELL, FitOut.BASIC, FitOut.BASIC, FitOut.FULL]
PROSPECTS = ["律师事务所", "会计师事务所", "知识产权代理有限公司", "私募基金管理有限公司", "生物科技研究院有限公司", "建筑设计有限公司",
             "信息技术有限公司", "供应链管理有限公司"]
PROSPECT_INDUSTRY = ["7231", "7241", "7520", "6760", "7340", "7484", "6513", "7224"]
RETURN_COMMENTS = ["已租面积与入驻登记相差较大，请核对", "入驻企业数未计入本月迁入企业", "平均租金明显偏离上月，请说明"]
REQUESTS = [(RequestCategory.SPACE, "扩租需求：希望同楼层增加约 300㎡"), (RequestCategory.PERMITS, "分支机构登记材料需要协调"),
            (RequestCategory.POLICY, "咨询楼宇经济扶持政策申报条件"), (RequestCategory.DISPUTE, "与物业就空调费用存在争议"),
            (RequestCategory.OTHER, "希望增设非机动车停放区域")]


def _users(prefix: str, specs: list[tuple[str, str, object]], names: dict | None = None):
    """Create (or reuse) demo accounts with profiles (display names from `names`); returns username → user."""
    User = get_user_model()
    existing = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    fresh = []
    for username, role, district in specs:
        if username not in existing:
            user = User(username=username, first_name=(names or {}).get(username, username[len(prefix):]))
            user.set_unusable_password()
            fresh.append(user)
    User.objects.bulk_create(fresh)
    users = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    with_profile = set(UserProfile.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    UserProfile.objects.bulk_create([UserProfile(user=users[name], role=role, district=district) for name, role, district in specs
                                     if users[name].pk not in with_profile])
    return users


def demand_area_range(area) -> tuple[Decimal, Decimal]:
    """An expansion demand from a tenancy of `area` m² (200 if unknown): half to twice it, at least 50 m²; never
    upside down (a tenancy under 25 m² would give 50–44)."""
    area = int(area or 200)
    low = max(50, area // 2)
    return Decimal(low), Decimal(max(low, area * 2))


def write_investment(batch, seed: int, end: dt.date | None = None) -> dict[str, int]:
    """`end`: the demo's as-of day; the live workflows' "today" is a week after it (never later than today), so a
    demo cut at an earlier month — or built by a test — has its 招商 and 诉求 dated where its other data ends."""
    rng = random.Random(f"louyu-demo:{seed}:investment")
    today = timezone.localdate() if end is None else min(timezone.localdate(), end + dt.timedelta(days=7))
    common = dict(source=SOURCE, source_batch_id=batch.pk)
    buildings = list(Building.objects.filter(source_batch_id=batch.pk, status="operating").select_related("district").order_by("code"))
    latest = {}  # building id → (leasable, leased) of its latest report
    for building_id, leasable, leased in (OperationReport.objects.filter(source_batch_id=batch.pk).order_by("building_id", "period")
                                          .values_list("building_id", "leasable_area", "leased_area")):
        latest[building_id] = (leasable, leased)

    # 可招商空间: most buildings list 1–4 units; their areas add up to the reported vacancy (a few do not).
    units = []
    for b in buildings:
        if rng.random() > 0.75:
            continue
        report = latest.get(b.pk)
        vacant = float(report[0] - report[1]) if report and None not in report else float(b.office_area or 0) * rng.uniform(0.05, 0.2)
        if rng.random() < 0.05:
            vacant *= 3  # listed far more than reported: the consistency check flags these
        count = rng.randint(1, 4)
        for i in range(count):
            area = max(60.0, vacant / count * rng.uniform(0.8, 1.2))
            age = rng.choice([3, 10, 20, 35, 50]) if rng.random() < 0.85 else rng.choice([65, 80, 100])
            status = ListingStatus.AVAILABLE if age < 60 else ListingStatus.STALE if age < 90 else ListingStatus.WITHDRAWN
            floor = rng.randint(2, max(3, b.floors_above or 20))
            units.append(VacantUnit(building=b, floor=str(floor), unit=f"{floor:02d}{i + 1:02d}", area=Decimal(f"{area:.2f}"),
                                    asking_rent=Decimal(f"{rng.uniform(1.8, 5.5):.2f}"), fit_out=rng.choice(FIT_OUTS),
                                    available_from=today + dt.timedelta(days=rng.choice([-30, 0, 15, 45, 90])),
                                    divisible=rng.random() < 0.3, status=status, confirmed_on=today - dt.timedelta(days=age),
                                    **common))
    VacantUnit.objects.bulk_create(units, batch_size=2000)
    units = list(VacantUnit.objects.filter(source_batch_id=batch.pk, status=ListingStatus.AVAILABLE).select_related("building__district"))
    by_district: dict[int, list[VacantUnit]] = {}
    for u in units:
        by_district.setdefault(u.building.district_id, []).append(u)

    # 招商需求 and 线索: prospects pursued through the stages; signed ones are real recent move-ins.
    demands, leads = [], []
    districts = sorted({b.district for b in buildings}, key=lambda d: d.order)
    for d in districts:
        pool = by_district.get(d.pk, [])
        for k in range(6 if pool else 0):
            kind = rng.randrange(len(PROSPECTS))
            low = rng.choice([150, 300, 500, 1000])
            demand = Demand(enterprise_name=f"苏州{d.name[:2]}{rng.choice('华信联瑞恒泰')}{PROSPECTS[kind]}",
                            industry_id=PROSPECT_INDUSTRY[kind], area_min=Decimal(low), area_max=Decimal(low * 2),
                            budget_rent=Decimal(f"{rng.uniform(2.5, 5.0):.2f}"), district=d,
                            move_in_by=today + dt.timedelta(days=rng.choice([30, 60, 120])),
                            contact_name=rng.choice("张王李赵陈") + "经理", contact_phone=f"1391234{rng.randint(1000, 9999)}",
                            origin=rng.choice([DemandSource.COMMERCE, DemandSource.DISTRICT, DemandSource.REFERRAL]), **common)
            demands.append((demand, rng.sample(pool, min(len(pool), rng.randint(1, 2)))))
    Demand.objects.bulk_create([d for d, _ in demands])
    open_stages = [LeadStage.CLUE, LeadStage.CONTACT, LeadStage.VISIT, LeadStage.INTENT, LeadStage.LOST]
    for demand, picks in demands:
        for unit in picks:
            stage = rng.choice(open_stages)
            leads.append(_lead(demand, unit, stage, today, rng, common))
    recent = []
    for d in districts:  # in each district, every third of its latest move-ins came through the pipeline
        recent += list(Tenancy.objects.filter(source_batch_id=batch.pk, kind__in=PRESENT_KINDS, building__district=d)
                       .select_related("enterprise", "building__district").order_by("-move_in", "pk")[:7])[::3]
    signed_units = []
    taken = set(VacantUnit.objects.filter(source_batch_id=batch.pk).values_list("building_id", "floor", "unit"))
    for tenancy in recent:
        place = (tenancy.building_id, tenancy.floor or "1", tenancy.room)
        if place in taken:  # one listing per building, floor and unit
            continue
        taken.add(place)
        ent = tenancy.enterprise
        low, high = demand_area_range(tenancy.area)
        demand = Demand.objects.create(enterprise=ent, enterprise_name=ent.name, uscc=ent.uscc, industry_id=ent.industry_id,
                                       area_min=low, area_max=high,
                                       district=tenancy.building.district, origin=DemandSource.DISTRICT, **common)
        unit = VacantUnit(building=tenancy.building, floor=tenancy.floor or "1", unit=tenancy.room, area=tenancy.area or Decimal(200),
                          fit_out=FitOut.BASIC, available_from=tenancy.move_in - dt.timedelta(days=60), status=ListingStatus.LEASED,
                          confirmed_on=tenancy.move_in, **common)
        signed_units.append((demand, unit, tenancy))
    VacantUnit.objects.bulk_create([u for _, u, _ in signed_units])
    for demand, unit, tenancy in signed_units:
        lead = _lead(demand, unit, LeadStage.SIGNED, tenancy.move_in, rng, common)
        lead.tenancy = tenancy
        leads.append(lead)
    Lead.objects.bulk_create(leads)

    stewards = _stewards(batch, buildings, rng, today, common)
    filed = _filings(batch, buildings, rng, today)
    requests = _requests(batch, rng, today, common)
    return {"可招商空间": VacantUnit.objects.filter(source_batch_id=batch.pk).count(), "招商需求": Demand.objects.filter(source_batch_id=batch.pk).count(),
            "招商线索": len(leads), "楼长": stewards, "运营方填报": filed, "企业诉求": requests}


def _lead(demand, unit, stage, end: dt.date, rng, common) -> Lead:
    """A lead whose stage dates run forward from its clue to `end` (today, or the signing day)."""
    path = list(STAGE_ORDER[: STAGE_ORDER.index(stage) + 1]) if stage != LeadStage.LOST else list(STAGE_ORDER[: rng.randint(1, 4)])
    day = end - dt.timedelta(days=rng.randint(20, 30) * len(path))
    lead = Lead(demand=demand, unit=unit, district=unit.building.district, stage=stage, clue_on=day, **common)
    for step in path[1:]:
        day += dt.timedelta(days=rng.randint(5, 25))
        setattr(lead, STAGE_DATE_FIELD[step], min(day, end))
    if stage == LeadStage.LOST:
        lead.lost_on = min(day + dt.timedelta(days=7), end)
        lead.lost_reason = rng.choice(["租金超出预算", "选择了其他城市", "面积不满足", "企业暂缓扩张"])
    lead.notes = f"{lead.clue_on:%Y-%m-%d} {demand.get_origin_display()}推送线索"
    return lead


def _stewards(batch, buildings, rng, today, common) -> int:
    key = [b for b in buildings if b.is_key]
    specs = []
    for d in sorted({b.district for b in key}, key=lambda d: d.order):
        for k in range(1, 4):
            specs.append((f"demo-lz-{d.order:02d}{k}", Role.DISTRICT_EDITOR, d))
    surnames = "张王李赵陈刘杨黄周吴"
    names = {name: f"{d.name}·{surnames[(d.order * 3 + k) % 10]}楼长" for name, _, d in specs for k in [int(name[-1])]}
    users = _users("demo-lz-", specs, names)
    by_district = {}
    for name, _, d in specs:
        by_district.setdefault(d.pk, []).append(users[name])
    rows = [BuildingSteward(building=b, steward=rng.choice(by_district[b.district_id]), steward_title=rng.choice(["街道副主任", "商务办主任", "经发局科长"]),
                            operator_contact=rng.choice("张王李赵陈刘") + rng.choice(["经理", "主管"]), operator_phone=f"0512-6{rng.randint(1000000, 9999999)}",
                            since=today - dt.timedelta(days=rng.randint(60, 700)), **common)
            for b in key if rng.random() < 0.8]
    BuildingSteward.objects.bulk_create(rows)
    return len(rows)


def _filings(batch, buildings, rng, today) -> int:
    """Operator accounts for the reporting buildings, and their last twelve reports marked as filed through
    the form: most on time and verified, some late, some returned with a comment, the latest awaiting."""
    reporting = sorted({r for r in OperationReport.objects.filter(source_batch_id=batch.pk).values_list("building_id", flat=True)})
    chosen = [b for b in buildings if b.pk in set(reporting) and rng.random() < 0.6]
    users = _users("demo-op-", [(f"demo-op-{b.code}", Role.OPERATOR, None) for b in chosen])
    through = UserProfile.buildings.through
    profiles = dict(UserProfile.objects.filter(user__username__startswith="demo-op-").values_list("user__username", "pk"))
    through.objects.bulk_create([through(userprofile_id=profiles[f"demo-op-{b.code}"], building_id=b.pk) for b in chosen],
                                ignore_conflicts=True)
    del users
    reports = list(OperationReport.objects.filter(source_batch_id=batch.pk, building__in=chosen).order_by("building_id", "-period"))
    per_building: dict[int, int] = {}
    changed = []
    for r in reports:
        n = per_building.get(r.building_id, 0)
        per_building[r.building_id] = n + 1
        if n >= 12:
            continue
        due = (r.period.replace(day=28) + dt.timedelta(days=4)).replace(day=10)
        r.submitted_on = due - dt.timedelta(days=rng.randint(0, 8)) if rng.random() > 0.12 else due + dt.timedelta(days=rng.randint(1, 12))
        r.moves_in, r.moves_out, r.vacant_units = rng.randint(0, 3), rng.randint(0, 2), rng.randint(0, 6)
        roll = rng.random()
        if n == 0 and roll < 0.5:
            r.verification, r.review_comment = Verification.UNVERIFIED, ""
        elif roll < 0.08:
            r.verification, r.review_comment = Verification.DOUBTFUL, rng.choice(RETURN_COMMENTS)
        else:
            r.verification, r.review_comment = Verification.VERIFIED, ""
        changed.append(r)
    # One parameterised UPDATE per row in a single executemany: bulk_update's CASE expressions took 21 s here.
    fields = ["submitted_on", "moves_in", "moves_out", "vacant_units", "verification", "review_comment"]
    meta = OperationReport._meta
    q = connection.ops.quote_name
    sql = (f"UPDATE {q(meta.db_table)} SET {', '.join(f'{q(meta.get_field(n).column)} = %s' for n in fields)} "
           f"WHERE {q(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[getattr(r, n) for n in fields] + [r.pk] for r in changed])
    return len(changed)


def _requests(batch, rng, today, common) -> int:
    stewarded = list(BuildingSteward.objects.filter(source_batch_id=batch.pk).select_related("building"))
    current: dict[int, list] = {}
    for t in Tenancy.objects.filter(building__in=[s.building_id for s in stewarded], move_out__isnull=True).select_related("enterprise").order_by("pk"):
        current.setdefault(t.building_id, []).append(t)
    rows = []
    for s in stewarded:
        tenants = current.get(s.building_id, [])[:20]
        for _ in range(rng.randint(0, 3) if tenants else 0):
            ent = rng.choice(tenants).enterprise
            category, summary = rng.choice(REQUESTS)
            received = today - dt.timedelta(days=rng.randint(0, 120))
            status = rng.choice([RequestStatus.OPEN, RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED, RequestStatus.CONFIRMED, RequestStatus.CONFIRMED])
            resolved = min(today, received + dt.timedelta(days=rng.randint(3, 20))) if status in (RequestStatus.RESOLVED, RequestStatus.CONFIRMED) else None
            rows.append(EnterpriseRequest(building=s.building, enterprise=ent, enterprise_name=ent.name, category=category, summary=summary,
                                          received_on=received, due_on=received + dt.timedelta(days=15),
                                          department=rng.choice(["行政审批局", "商务局", "住建局", "街道"]), assignee=s.steward, status=status,
                                          resolution="已协调办理" if resolved else "", resolved_on=resolved,
                                          confirmed_on=resolved if status == RequestStatus.CONFIRMED else None, **common))
    EnterpriseRequest.objects.bulk_create(rows)
    return len(rows)


def delete_investment(batch_ids) -> dict[str, int]:
    """Remove the demo rows of these apps (before the buildings they point at), and the demo accounts."""
    mine = Q(source_batch_id__in=batch_ids) | Q(source=SOURCE)
    counts = {}
    for model in (Lead, Demand, VacantUnit, EnterpriseRequest, BuildingSteward):
        counts[str(model._meta.verbose_name)] = model.objects.filter(mine)._raw_delete(model.objects.db)
    users = get_user_model().objects.filter(Q(username__startswith=USER_PREFIXES[0]) | Q(username__startswith=USER_PREFIXES[1]))
    users = users.exclude(pk__in=BuildingSteward.objects.values("steward_id"))
    counts["演示账号"] = users.delete()[0]
    return counts
