"""Shared test-data factories, one per model (factory_boy). Reference data (districts, industry codes,
featured categories) is loaded once per test session by conftest.py; factories pick from it."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from louyu.buildings.models import Building, BuildingStatus, NewBuildingProject, OperationReport, RenovationProject
from louyu.core.models import Role, UserProfile
from louyu.enterprises.models import Enterprise, IndustryCode, Tenancy, TaxRecord, TenancyKind
from louyu.enterprises.uscc import uscc_make
from louyu.geo.models import District
from louyu.programme.models import AnnualTarget, KeyTask

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
    tenant_count = 40


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
from louyu.enterprises.models import FeaturedCategory  # noqa: E402
from louyu.indicators.models import Alert, AlertKind, FeaturedRecognition  # noqa: E402


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
from django.contrib.contenttypes.models import ContentType  # noqa: E402

from louyu.core.models import AuditEntry  # noqa: E402
from louyu.geo.models import Street  # noqa: E402
from louyu.intake.models import ImportBatch  # noqa: E402
from louyu.matching.models import AddressMatch, MatchStatus  # noqa: E402
from louyu.web.models import ImportJob  # noqa: E402


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


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    user = factory.LazyFunction(lambda: city_admin())
    kind = "tax"
    file_name = "税收.xlsx"
    path = "/tmp/none.xlsx"


# --- need to know: a district move waiting for the city (louyu.enterprises.DistrictMove) -------------------
from louyu.enterprises.models import DistrictMove  # noqa: E402


class DistrictMoveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictMove

    enterprise = factory.SubFactory(EnterpriseFactory, district=factory.LazyFunction(lambda: district("工业园区")))
    from_district = factory.LazyAttribute(lambda o: o.enterprise.district)
    to_district = factory.LazyFunction(lambda: district("姑苏区"))
