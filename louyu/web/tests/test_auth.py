"""Login, logout and the lockout after repeated failures (louyu.core.auth), audited."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from louyu import factories as f
from louyu.core.models import AuditEntry, UserProfile

PASSWORD = "Louyu-test-pass-2024"


def _login(client, username, password):
    return client.post(reverse("web:login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_a_correct_password_signs_in_and_logout_signs_out(client):
    user = f.district_editor("姑苏区")
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("web:cockpit")).status_code == 200
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:cockpit")).status_code == 302


@pytest.mark.django_db
def test_account_locks_after_the_configured_number_of_failures_and_is_audited(client, settings):
    settings.LOUYU_LOGIN_MAX_FAILURES = 3
    settings.LOUYU_LOGIN_LOCK_MINUTES = 15
    user = f.district_editor("姑苏区")
    for _ in range(2):
        assert "用户名或密码错误" in _login(client, user.username, "wrong-password").content.decode()
    assert UserProfile.objects.get(user=user).failed_logins == 2
    html = _login(client, user.username, "wrong-password").content.decode()
    assert "已锁定" in html
    profile = UserProfile.objects.get(user=user)
    assert profile.locked_until > timezone.now() + dt.timedelta(minutes=14)
    # Locked: even the right password is refused, and the attempt is audited.
    assert "已锁定" in _login(client, user.username, PASSWORD).content.decode()
    assert client.get(reverse("web:cockpit")).status_code == 302
    notes = list(AuditEntry.objects.filter(object_id=str(profile.pk)).values_list("note", flat=True))
    assert any("锁定" in n for n in notes) and any("登录失败" in n for n in notes)


@pytest.mark.django_db
def test_the_lock_expires_after_the_configured_minutes(client, settings):
    settings.LOUYU_LOGIN_MAX_FAILURES = 2
    user = f.district_editor("姑苏区")
    UserProfile.objects.filter(user=user).update(locked_until=timezone.now() - dt.timedelta(seconds=1), failed_logins=1)
    assert _login(client, user.username, PASSWORD).status_code == 302
    profile = UserProfile.objects.get(user=user)
    assert profile.failed_logins == 0 and profile.locked_until is None


@pytest.mark.django_db
def test_unknown_users_get_the_same_message_as_a_wrong_password(client):
    html = _login(client, "nobody-at-all", "whatever-password").content.decode()
    assert "用户名或密码错误" in html


@pytest.mark.django_db
def test_lockout_backend_applies_the_same_rule_to_basic_auth(settings):
    from louyu.core.auth import LockoutBackend

    settings.LOUYU_LOGIN_MAX_FAILURES = 2
    user = f.district_editor("姑苏区")
    backend = LockoutBackend()
    assert backend.authenticate(None, username=user.username, password="bad") is None
    assert backend.authenticate(None, username=user.username, password="bad") is None
    assert backend.authenticate(None, username=user.username, password=PASSWORD) is None  # locked now
    assert UserProfile.objects.get(user=user).locked_until is not None


@pytest.mark.django_db
def test_password_rules_reject_short_and_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1", "password123", "1234567890"):
        with pytest.raises(ValidationError):
            validate_password(weak)
