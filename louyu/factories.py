"""Shared test-data factories, one per model (factory_boy). Reference data (districts, industry codes,
featured categories) is loaded once per test session by conftest.py; factories pick from it."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from louyu.accounts.models import UserProfile
from louyu.buildings.models import (
    Building,
    BuildingStatus,
    NewBuildingProject,
    OperationReport,
    RenovationProject,
)
from louyu.core.models import ApiToken, AuditEntry, LoginThrottle, PasswordChange, Role
from louyu.enterprises.models import (
    DistrictMove,
    Enterprise,
    FeaturedCategory,
    IndustryCode,
    TaxRecord,
    Tenancy,
    TenancyKind,
)
from louyu.enterprises.uscc import uscc_make
from louyu.evaluation.models import Evaluation, Inspection, InspectionFollowUp
from louyu.events.models import Event, EventAttachment, EventKind, Resolution
from louyu.geo.models import District, Street
from louyu.indicators.models import Alert, AlertKind, FeaturedRecognition
from louyu.intake.models import ImportBatch
from louyu.investment.models import Demand, Lead, VacantUnit
from louyu.jobs.models import Job
from louyu.matching.models import AddressMatch, MatchStatus
from louyu.programme.models import (
    ActionPlan,
    AnnualTarget,
    KeyTask,
    PlanGoal,
    PlanItem,
    ProgressReport,
    ReportStatus,
    TargetStatus,
    TargetVersion,
    TaskAssignment,
)
from louyu.servicepoints.models import (
    GovernmentService,
    PartyOrganisation,
    ServicePoint,
    ServiceVolume,
)
from louyu.stewardship.models import BuildingSteward, EnterpriseRequest
from louyu.teams.models import OperationTeam, TeamRecognition

_serial = itertools.count(10_000_001)


def district(name: str = "姑苏区") -> District:
    return District.objects.get(name=name)


def industry(code: str = "7231") -> IndustryCode:
    return IndustryCode.objects.get(code=code)


def next_uscc() -> str:
    return uscc_make(next(_serial))


class DistrictFactory(factory.django.DjangoModelFactory):
    """Districts are reference data; this returns an existing one by name."""

    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = "姑苏区"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试大厦{n}号")
    district = factory.LazyFunction(lambda: district("姑苏区"))
    street = "双塔街道"
    address = factory.Sequence(lambda n: f"人民路{n + 1}号")
    gross_area = Decimal("30000.00")
    office_area = Decimal("20000.00")
    floors_above = 20
    completion_year = 2015
    status = BuildingStatus.OPERATING
    source = "测试"


class NewBuildingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewBuildingProject

    code = factory.Sequence(lambda n: f"NP{n:05d}")
    name = factory.Sequence(lambda n: f"新建项目{n}")
    district = factory.LazyFunction(lambda: district("姑苏区"))
    parcel = factory.Sequence(lambda n: f"苏地2023-WG-{n}号")
    planned_area = Decimal("50000.00")
    total_investment = Decimal("800000000.00")
    start_date = dt.date(2023, 3, 1)
    expected_completion = dt.date(2025, 12, 31)


class RenovationProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RenovationProject

    code = factory.Sequence(lambda n: f"RP{n:05d}")
    building = factory.SubFactory(BuildingFactory)
    content = "外立面及公共区域改造"
    investment = Decimal("12000000.00")
    start_date = dt.date(2023, 2, 1)


class OperationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationReport

    building = factory.SubFactory(BuildingFactory)
    period = dt.date(2023, 12, 1)
    leasable_area = Decimal("18000.00")
    leased_area = Decimal("15000.00")
    average_rent = Decimal("3.20")
    present_count = 40


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(next_uscc)
    name = factory.Sequence(lambda n: f"苏州测试{n}科技有限公司")
    industry = factory.LazyFunction(lambda: industry("6512"))
    registered_address = "苏州市姑苏区人民路1号"
    established_on = dt.date(2015, 6, 1)
    district = factory.LazyFunction(lambda: district("姑苏区"))


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    enterprise = factory.SubFactory(EnterpriseFactory)
    building = factory.SubFactory(BuildingFactory)
    floor = "10"
    room = "1001"
    area = Decimal("500.00")
    move_in = dt.date(2020, 1, 1)
    kind = TenancyKind.REGISTERED_PRESENT


class TaxRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    period = dt.date(2023, 1, 1)
    total_tax = Decimal("100000.00")


class AnnualTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualTarget
        django_get_or_create = ("year", "district")

    year = 2024
    district = factory.LazyFunction(lambda: district("姑苏区"))
    office_buildings_10k = 20
    new_100m = 1
    cumulative_100m = 3
    new_featured = 1
    renovated = 1
    promotion_events = 6


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask

    seq = 9
    area = "测试工作"
    task = "测试任务"
    deadline_text = "2024 年 6 月底前"
    deadline = dt.date(2024, 6, 30)
    responsible_units = ["市发改委"]
    order = factory.Sequence(lambda n: 1000 + n)


def user_with_role(role: str, *, district_name: str | None = None, department: str = "", username: str | None = None, buildings=()):
    """A user with a profile of `role` (and district for district editors)."""
    User = get_user_model()
    username = username or f"{role}-{district_name or department or 'all'}-{next(_serial)}"
    user = User.objects.create_user(username=username, password="Louyu-test-pass-2024")
    profile = UserProfile.objects.create(
        user=user, role=role, district=district(district_name) if district_name else None, department=department
    )
    if buildings:
        profile.buildings.set(buildings)
    return user


def city_admin(**kw):
    return user_with_role(Role.CITY_ADMIN, **kw)


def district_editor(name: str = "姑苏区", **kw):
    return user_with_role(Role.DISTRICT_EDITOR, district_name=name, **kw)


# --- indicators: the two models people write to (alerts' status, recognitions); fact tables come from the engine.


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    kind = AlertKind.TAX_FALL
    building = factory.SubFactory(BuildingFactory)
    district = factory.LazyAttribute(lambda o: o.building.district)
    period = dt.date(2023, 1, 1)
    year = 2023
    evidence = factory.LazyFunction(lambda: {"year": 2023, "tax": "700.00", "prior_tax": "1000.00", "growth": "-0.300000"})


class FeaturedRecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeaturedRecognition

    building = factory.SubFactory(BuildingFactory)
    category = factory.LazyFunction(lambda: FeaturedCategory.objects.get(code="legal"))
    year = 2024
    proposal_note = "测试申报"


# --- the rest of the platform's hand-written models ------------------------------------------------------


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ("district", "name")

    district = factory.LazyFunction(lambda: district("姑苏区"))
    name = factory.Sequence(lambda n: f"测试街道{n}")


class UserProfileFactory:
    """Profiles come with their users: `user_with_role(role, …)` builds both."""

    @staticmethod
    def create(role: str = Role.CITY_VIEWER, **kw):
        return user_with_role(role, **kw).profile


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    kind = "tax"
    file_name = factory.Sequence(lambda n: f"税收明细{n}.xlsx")
    file_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    actor_label = "系统"
    status = "committed"


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    action = "update"
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Building))
    object_id = factory.LazyFunction(lambda: str(BuildingFactory().pk))
    object_repr = "测试楼宇"
    actor_label = "系统"
    changes = factory.LazyFunction(lambda: {"name": ["旧名", "新名"]})


class AddressMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AddressMatch

    enterprise = factory.SubFactory(EnterpriseFactory)
    building = factory.SubFactory(BuildingFactory)
    address = factory.LazyAttribute(lambda o: o.enterprise.registered_address)
    status = MatchStatus.REVIEW
    confidence = Decimal("0.6500")
    district = factory.LazyAttribute(lambda o: o.building.district)
    evidence = factory.LazyFunction(lambda: ["路名门牌一致：人民路1号"])


class JobFactory(factory.django.DjangoModelFactory):
    """A finished probe job (louyu.jobs); tests that need a queued or running one set `status`."""

    class Meta:
        model = Job

    kind = "probe"
    label = "工作进程自检（3 步）"
    args = factory.LazyFunction(lambda: {"steps": 3})
    actor = factory.LazyFunction(lambda: city_admin())
    actor_label = factory.LazyAttribute(lambda o: o.actor.get_username())
    status = "succeeded"


# --- investment (招商): vacant units, demands, leads.


class VacantUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacantUnit

    building = factory.SubFactory(BuildingFactory)
    floor = "12"
    unit = factory.Sequence(lambda n: f"U{n:04d}")
    area = Decimal("500.00")
    asking_rent = Decimal("3.50")
    available_from = dt.date(2024, 1, 1)
    confirmed_on = dt.date(2024, 1, 1)


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    enterprise_name = factory.Sequence(lambda n: f"苏州意向{n}律师事务所")
    industry = factory.LazyFunction(lambda: industry("7231"))
    area_min = Decimal("300.00")
    area_max = Decimal("600.00")
    budget_rent = Decimal("4.00")
    district = factory.LazyFunction(lambda: district("姑苏区"))
    move_in_by = dt.date(2024, 6, 1)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    demand = factory.SubFactory(DemandFactory)
    unit = factory.SubFactory(VacantUnitFactory)
    district = factory.LazyAttribute(lambda o: o.unit.building.district)
    clue_on = dt.date(2024, 2, 1)


# --- stewardship (楼长制): 楼长 and 企业诉求.


class BuildingStewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildingSteward

    building = factory.SubFactory(BuildingFactory)
    steward = factory.LazyAttribute(lambda o: district_editor(o.building.district.name))
    steward_title = "街道副主任"
    operator_contact = "王经理"
    operator_phone = "0512-66668888"
    since = dt.date(2024, 1, 1)


class EnterpriseRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseRequest

    building = factory.SubFactory(BuildingFactory)
    enterprise_name = factory.Sequence(lambda n: f"苏州诉求{n}科技有限公司")
    category = "permits"
    summary = "办理分支机构登记需要协调"
    received_on = dt.date(2024, 3, 1)
    due_on = dt.date(2024, 3, 16)
    department = "行政审批局"


# --- programme: 附件1 target versions, 附件2 assignments and their progress reports.


class TargetVersionFactory(factory.django.DjangoModelFactory):
    """A district's pending submission (待审核) of its 附件1 row."""

    class Meta:
        model = TargetVersion

    year = 2024
    district = factory.LazyFunction(lambda: district("姑苏区"))
    office_buildings_10k = 21
    new_100m = 1
    cumulative_100m = 4
    new_featured = 1
    renovated = 1
    promotion_events = 6
    status = TargetStatus.SUBMITTED
    author_label = "测试"


class TaskAssignmentFactory(factory.django.DjangoModelFactory):
    """A district's share of a key task (for a department's, pass department=… and district=None)."""

    class Meta:
        model = TaskAssignment

    task = factory.SubFactory(KeyTaskFactory)
    unit = "各县级市<区>人民政府"
    district = factory.LazyFunction(lambda: district("姑苏区"))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    assignment = factory.SubFactory(TaskAssignmentFactory)
    reported_on = dt.date(2024, 3, 31)
    text = "已完成阶段性工作"
    status = ReportStatus.ONGOING


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("district",)

    district = factory.LazyFunction(lambda: district("姑苏区"))
    published_on = dt.date(2023, 4, 25)
    document_name = "三年行动计划.pdf"


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    plan = factory.SubFactory(ActionPlanFactory)
    year = factory.Sequence(lambda n: 2023 + n % 3)
    text = "新增亿元楼宇 1 幢"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj, _ = model_class.objects.get_or_create(plan=kwargs["plan"], year=kwargs["year"], defaults={"text": kwargs["text"]})
        return obj


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(ActionPlanFactory)
    focus = "推进存量楼宇改造提升"
    unit = "区住建局"
    deadline = dt.date(2024, 12, 31)


# --- the event register (louyu.events) ---------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"楼宇招商推介会第{n}场")
    kind = EventKind.PROMOTION_EVENT
    district = factory.LazyFunction(lambda: district("姑苏区"))
    held_on = dt.date(2023, 3, 15)
    organiser = "区商务局"
    participants = 80
    signed_projects = 2


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    event = factory.SubFactory(EventFactory, kind=EventKind.JOINT_MEETING, district=None, organiser="市发改委")
    content = "协调解决楼宇招商中的难点堵点问题"
    owner = "市商务局"
    deadline = dt.date(2023, 6, 30)


class EventAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventAttachment

    event = factory.SubFactory(EventFactory)
    kind = "agenda"
    title = "会议议程"
    file = factory.django.FileField(filename="agenda.pdf", data=b"%PDF-1.4 agenda")
    size = 15


# --- 评价督查 (louyu.evaluation) -----------------------------------------------------------------------------


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    year = 2023
    version = factory.Sequence(lambda n: n + 1)
    weights = factory.LazyFunction(lambda: {"occupancy": 1.0})
    results = factory.LazyFunction(lambda: [{"district": "姑苏区", "rank": 1, "total": 95.0, "components": []}])


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    inspected_on = dt.date(2023, 5, 10)
    district = factory.LazyFunction(lambda: district("姑苏区"))
    policy_item = "三(五) 健全工作机制"
    findings = "推介活动场次未达到年度目标"
    requirement = "下半年补足推介活动"
    deadline = dt.date(2023, 9, 30)


class InspectionFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionFollowUp

    inspection = factory.SubFactory(InspectionFactory)
    reported_on = dt.date(2023, 7, 1)
    content = "已举办两场推介活动"


# --- 政务服务进楼宇、楼宇党建 (louyu.servicepoints) ---------------------------------------------------------


class GovernmentServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentService
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"svc-{n}")
    name = factory.Sequence(lambda n: f"政务服务事项{n}")
    self_service = True


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    name = factory.Sequence(lambda n: f"楼宇政务服务站{n}")
    building = factory.SubFactory(BuildingFactory)
    opened_on = dt.date(2023, 3, 1)


class ServiceVolumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceVolume

    point = factory.SubFactory(ServicePointFactory)
    period = dt.date(2023, 6, 1)
    transactions = 200
    self_service = 120


class PartyOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganisation

    name = factory.Sequence(lambda n: f"楼宇联合党支部{n}")
    kind = "joint"
    building = factory.SubFactory(BuildingFactory)
    lead_unit = "楼宇运营公司"
    members = 12


# --- 招商运营团队 (louyu.teams) -----------------------------------------------------------------------------


class OperationTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationTeam

    name = factory.Sequence(lambda n: f"楼宇招商运营团队{n}")
    company = "苏州楼宇运营管理有限公司"
    district = factory.LazyFunction(lambda: district("姑苏区"))
    contacts = "张经理 0512-00000000"


class TeamRecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamRecognition

    team = factory.SubFactory(OperationTeamFactory)
    year = 2023
    recognised_on = dt.date(2024, 2, 1)


# --- security bookkeeping (hardening) ---------------------------------------------------------------


class LoginThrottleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoginThrottle

    key = factory.Sequence(lambda n: f"account:user-{n}|10.0.0.{n % 250}")
    failures = 1


class PasswordChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PasswordChange

    user = factory.LazyFunction(lambda: city_admin())


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A stored token row; use louyu.core.tokens.token_create for a usable token (it returns the secret)."""

    class Meta:
        model = ApiToken

    user = factory.LazyFunction(lambda: city_admin())
    prefix = factory.Sequence(lambda n: f"ly_t{n:06d}")
    digest = factory.Sequence(lambda n: f"{n:064x}")


# --- need to know: a district move waiting for the city (louyu.enterprises.DistrictMove) -------------------


class DistrictMoveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictMove

    enterprise = factory.SubFactory(EnterpriseFactory, district=factory.LazyFunction(lambda: district("工业园区")))
    from_district = factory.LazyAttribute(lambda o: o.enterprise.district)
    to_district = factory.LazyFunction(lambda: district("姑苏区"))
