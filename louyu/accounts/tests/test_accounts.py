"""Accounts from the command line, a first password changed at first login, 三员分立, the audit log page."""
import csv
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from louyu import factories as f
from louyu.core.models import AuditEntry
from louyu.accounts.models import UserProfile

pytestmark = pytest.mark.django_db


def _add(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("user", "add", *args, stdout=out)
    return out.getvalue()


def test_a_new_account_gets_a_first_password_that_must_be_changed_at_first_login(client):
    building = f.BuildingFactory(code="GS0001")
    out = _add("gusu-ops", "--role", "operator", "--building", "GS0001")
    password = re.search(r"首次登录密码：(\S+)", out).group(1)
    profile = UserProfile.objects.get(user__username="gusu-ops")
    assert profile.must_change_password and list(profile.buildings.all()) == [building]
    assert AuditEntry.objects.filter(object_id=str(profile.pk), action="create", note__startswith="新建账户").exists()

    assert client.login(username="gusu-ops", password=password)
    response = client.get(reverse("web:building_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:password_change"))
    assert client.get(reverse("api:building-list")).status_code == 403
    response = client.post(reverse("web:password_change"), {"old_password": password, "new_password1": "Lou-yu-2024-Secret!",
                                                            "new_password2": "Lou-yu-2024-Secret!"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.must_change_password
    assert client.get(reverse("web:building_list")).status_code == 200
    assert AuditEntry.objects.filter(object_id=str(profile.pk), note="用户修改了初始密码").exists()


@pytest.mark.parametrize("args, message", [
    (("x1", "--role", "district_editor"), "须指定所属地区"),
    (("x2", "--role", "department"), "须指定所属部门"),
    (("x3", "--role", "operator", "--building", "NOPE"), "NOPE"),
])
def test_an_incomplete_account_is_refused_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        _add(*args)
    assert not UserProfile.objects.filter(user__username=args[0]).exists()


def test_a_disabled_account_cannot_sign_in(client):
    out = _add("tax-clerk", "--role", "department", "--department", "市税务局")
    password = re.search(r"首次登录密码：(\S+)", out).group(1)
    call_command("user", "disable", "tax-clerk")
    assert not client.login(username="tax-clerk", password=password)
    assert AuditEntry.objects.filter(note="停用账户", changes={"is_active": [True, False]}).exists()


def test_no_account_holds_two_of_the_three_administrator_duties():
    profile = f.user_with_role("city_admin").profile
    profile.is_system_admin = profile.is_audit_admin = True
    with pytest.raises(ValidationError, match="三员分立"):
        profile.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


def test_the_audit_log_is_for_the_audit_administrator_with_filters(client):
    f.AuditEntryFactory(actor_label="张三", district_id=f.district("姑苏区").pk, note="甲")
    f.AuditEntryFactory(actor_label="李四", district_id=f.district("吴中区").pk, note="乙")
    _add("auditor", "--role", "city_viewer", "--duty", "audit")
    auditor = UserProfile.objects.get(user__username="auditor")
    UserProfile.objects.filter(pk=auditor.pk).update(must_change_password=False)
    for user in (f.city_admin(), f.district_editor(), f.user_with_role("city_viewer")):
        client.force_login(user)
        assert client.get(reverse("web:audit_log")).status_code == 403
    client.force_login(auditor.user)
    body = client.get(reverse("web:audit_log"), {"actor": "张三", "district": f.district("姑苏区").pk}).content.decode()
    assert "张三" in body and "李四" not in body


def test_export_for_a_user_writes_exactly_what_that_user_may_see(tmp_path):
    own, other = f.BuildingFactory(district_id=f.district("姑苏区").pk), f.BuildingFactory(district=f.district("吴中区"))
    editor = f.district_editor("姑苏区")
    path = tmp_path / "楼宇.csv"
    call_command("export", "buildings", "--output", str(path), "--user", editor.username)
    codes = {row[0] for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()[1:])}
    assert own.code in codes and other.code not in codes
    planner = f.user_with_role("department", department="市资源规划局")
    f.TaxRecordFactory()
    path = tmp_path / "税收.csv"
    call_command("export", "tax", "--output", str(path), "--user", planner.username)
    assert path.read_text(encoding="utf-8-sig").strip().splitlines()[1:] == []  # no enterprise tax for planners


def test_a_whole_city_is_provisioned_from_one_users_file_rejected_whole_on_any_bad_row(tmp_path):
    from louyu.intake.tests.files import xlsx

    f.BuildingFactory(code="GS0009")
    header = ["用户名", "角色", "所属地区", "所属部门", "运营楼宇编码", "管理员职责"]
    good = [["gusu-1", "地区填报员", "姑苏区", "", "", ""], ["tax-1", "部门用户", "", "市税务局", "", ""],
            ["ops-1", "楼宇运营方", "", "", "GS0009", ""], ["audit-1", "市领导（只读）", "", "", "", "审计管理员"]]
    bad = xlsx(tmp_path / "bad.xlsx", [header, *good, ["x-1", "地区填报员", "", "", "", ""], ["gusu-1", "市领导（只读）", "", "", "", ""]])
    with pytest.raises(CommandError, match="未写入"):
        call_command("import", "users", str(bad))
    assert not UserProfile.objects.filter(user__username__in=["gusu-1", "tax-1", "ops-1", "audit-1"]).exists()

    from io import StringIO

    out, passwords = StringIO(), tmp_path / "初始密码.csv"
    call_command("import", "users", str(xlsx(tmp_path / "good.xlsx", [header, *good])), "--passwords", str(passwords), stdout=out)
    rows = list(csv.reader(passwords.read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert [r[0] for r in rows] == ["gusu-1", "tax-1", "ops-1", "audit-1"] and oct(passwords.stat().st_mode & 0o777) == "0o600"
    profiles = {p.user.username: p for p in UserProfile.objects.filter(user__username__in=[r[0] for r in rows])}
    assert profiles["gusu-1"].district.name == "姑苏区" and profiles["tax-1"].department == "市税务局"
    assert [b.code for b in profiles["ops-1"].buildings.all()] == ["GS0009"] and profiles["audit-1"].is_audit_admin
    assert all(p.must_change_password for p in profiles.values())
    from django.contrib.auth import authenticate

    assert all(authenticate(username=u, password=pw) is not None for u, pw in rows)


def test_only_the_city_or_the_security_administrator_imports_accounts():
    from louyu.core import permissions

    assert not permissions.can_import(f.district_editor(), "users")
    assert permissions.can_import(f.city_admin(), "users")
    security = f.user_with_role("city_viewer")
    security.profile.is_security_admin = True
    security.profile.save()
    assert permissions.can_import(security, "users")


def test_a_generated_password_never_starts_like_a_spreadsheet_formula():
    from louyu.accounts.services import password_generate

    assert all(password_generate()[0] not in "=+-@" for _ in range(2000))
