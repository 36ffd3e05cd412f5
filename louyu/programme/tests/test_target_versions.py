"""附件1 every year, with versions: districts submit, the city approves or returns, every later change is a
new version with its reason, and the list in force is what progress and exports compare against."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.programme import selectors, services
from louyu.programme.models import AnnualTarget, TargetStatus, TargetVersion

pytestmark = pytest.mark.django_db

ROW = {"office_buildings_10k": 21, "new_100m": 1, "cumulative_100m": 4, "new_featured": 1, "renovated": 1, "promotion_events": 6}


def test_2023_is_annex1_loaded_as_approved_version_1():
    versions = TargetVersion.objects.filter(year=2023)
    assert versions.count() == 10
    assert set(versions.values_list("number", "status")) == {(1, TargetStatus.APPROVED)}
    city = selectors.city_target_list(2023)
    assert [city["city"][k] for k in services.TARGET_FIELDS] == [347, 18, 87, 27, 7, 77]
    assert all(t.version == 1 for t in AnnualTarget.objects.filter(year=2023))


def test_district_submits_city_returns_district_resubmits_city_approves():
    gusu, admin = f.district("姑苏区"), f.city_admin()
    editor = f.district_editor("姑苏区")
    first = services.target_submit(year=2024, district=gusu, data=ROW, actor=editor)
    assert first.status == TargetStatus.SUBMITTED and first.number is None
    assert not AnnualTarget.objects.filter(year=2024, district=gusu).exists()
    services.target_return(version=first, reason="新增亿元楼宇目标偏低", actor=admin)
    first.refresh_from_db()
    assert first.status == TargetStatus.RETURNED and first.return_reason == "新增亿元楼宇目标偏低"
    second = services.target_submit(year=2024, district=gusu, data={**ROW, "new_100m": 2}, actor=editor)
    services.target_approve(version=second, actor=admin)
    target = AnnualTarget.objects.get(year=2024, district=gusu)
    assert (target.new_100m, target.version) == (2, 1)
    assert [v.status for v in selectors.target_history(2024, gusu)] == [TargetStatus.RETURNED, TargetStatus.APPROVED]


def test_after_approval_a_change_is_a_new_version_with_reason_author_and_date():
    gusu, admin = f.district("姑苏区"), f.city_admin(username="fgw-admin")
    with pytest.raises(ValidationError) as excinfo:
        services.target_adjust(year=2023, district=gusu, data={**ROW, "new_100m": 2}, reason="", actor=admin)
    assert "调整说明" in str(excinfo.value)
    v2 = services.target_adjust(year=2023, district=gusu, data={**ROW, "office_buildings_10k": 20, "new_100m": 2},
                                reason="年中调整：新增一幢亿元楼宇", actor=admin)
    assert v2.number == 2 and v2.author_label == "fgw-admin" and v2.decided_at is not None
    assert AnnualTarget.objects.get(year=2023, district=gusu).version == 2
    assert TargetVersion.objects.get(year=2023, district=gusu, number=1).new_100m == 1  # history kept
    assert AuditEntry.objects.filter(object_id=str(v2.pk), note="调整年度目标").exists()


def test_saving_an_unchanged_row_changes_nothing():
    gusu, admin = f.district("姑苏区"), f.city_admin()
    current = {k: getattr(AnnualTarget.objects.get(year=2023, district=gusu), k) for k in services.TARGET_FIELDS}
    before = AuditEntry.objects.count()
    assert services.target_adjust(year=2023, district=gusu, data=current, reason="无变化", actor=admin) is None
    with pytest.raises(ValidationError):
        services.target_submit(year=2023, district=gusu, data=current, reason="无变化", actor=f.district_editor("姑苏区"))
    assert AuditEntry.objects.count() == before
    assert TargetVersion.objects.filter(year=2023, district=gusu).count() == 1


def test_a_district_submits_only_its_own_row_and_never_approves():
    editor = f.district_editor("姑苏区")
    with pytest.raises(PermissionDenied):
        services.target_submit(year=2024, district=f.district("吴中区"), data=ROW, actor=editor)
    own = services.target_submit(year=2024, district=f.district("姑苏区"), data=ROW, actor=editor)
    with pytest.raises(PermissionDenied):
        services.target_approve(version=own, actor=editor)
    with pytest.raises(PermissionDenied):
        services.target_adjust(year=2024, district=f.district("姑苏区"), data=ROW, reason="x", actor=editor)


def test_cumulative_below_new_is_refused_in_chinese():
    with pytest.raises(ValidationError) as excinfo:
        services.target_submit(year=2024, district=f.district("姑苏区"), data={**ROW, "new_100m": 5, "cumulative_100m": 4},
                               actor=f.district_editor("姑苏区"))
    assert "累计亿元楼宇不能少于新增亿元楼宇" in str(excinfo.value)


def test_city_list_is_the_rollup_plus_the_citys_own_row_where_it_differs():
    admin = f.city_admin()
    city = selectors.city_target_list(2023)
    assert city["own"] is None and city["differs"] == []
    services.target_adjust(year=2023, district=None, data={**city["total"], "promotion_events": 80},
                           reason="市级大会等市级活动 3 场", actor=admin)
    city = selectors.city_target_list(2023)
    assert city["differs"] == ["promotion_events"]
    assert city["city"]["promotion_events"] == 80 and city["total"]["promotion_events"] == 77


def test_on_track_compares_with_the_elapsed_share_of_the_year():
    from decimal import Decimal

    assert selectors.on_track(2, 4, Decimal("0.5")) == "on_track"
    assert selectors.on_track(1, 4, Decimal("0.5")) == "behind"
    assert selectors.on_track(4, 4, Decimal("0.25")) == "done"
    assert selectors.on_track(None, 4, Decimal("0.5")) == "unknown"


def test_the_district_progress_export_keeps_its_columns_and_reads_the_version_in_force(tmp_path):
    import csv
    from io import StringIO

    from django.core.management import call_command

    from louyu.indicators.exports import progress_columns

    gusu = f.district("姑苏区")
    services.target_adjust(year=2023, district=gusu, data={**ROW, "office_buildings_10k": 20, "new_100m": 3, "cumulative_100m": 5},
                           reason="年中调整", actor=f.city_admin())
    path = tmp_path / "p.csv"
    call_command("export", "district-progress", year=2023, output=str(path), stdout=StringIO())
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == progress_columns() and rows[0][1:3] == ["商务办公1万㎡以上楼宇数量(实际)", "商务办公1万㎡以上楼宇数量(目标)"]
    line = next(r for r in rows if r[0] == "姑苏区")
    header = rows[0]
    assert line[header.index("新增亿元楼宇(目标)")] == "3"  # version 2, not 附件1's 1
    assert line[header.index("举办楼宇推介活动(实际)")] == "0"  # the event register is installed: no event recorded is 0
    assert rows[-1][0] == "全市合计" and rows[-1][header.index("新增亿元楼宇(目标)")] == "20"
