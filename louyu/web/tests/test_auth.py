"""Sign-in (louyu.accounts.auth): throttled per account and client address and per address, doubling each
time; one message and the same work for every failure; nobody can lock someone else out; audited.
Password rules of 等保 2.0: complexity, expiry, idle timeout."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from louyu import factories as f
from louyu.core.models import AuditEntry, LoginThrottle, PasswordChange
from louyu.accounts.models import UserProfile

PASSWORD = "Louyu-test-pass-2024"
GENERIC = "用户名或密码错误"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return client.get(reverse("web:cockpit")).status_code == 200


@pytest.mark.django_db
def test_a_correct_password_signs_in_and_logout_signs_out(client):
    user = f.district_editor("姑苏区")
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:cockpit")).status_code == 302


@pytest.mark.django_db
def test_repeated_failures_restrict_that_address_for_that_account_with_the_same_message_and_are_audited(client, settings):
    settings.LOUYU_LOGIN_MAX_FAILURES = 3
    settings.LOUYU_LOGIN_LOCK_MINUTES = 15
    user = f.district_editor("姑苏区")
    answers = [_login(client, user.username, "wrong-password").content.decode() for _ in range(3)]
    # Restricted now: even the right password is refused from this address — with the very same answer.
    answers.append(_login(client, user.username, PASSWORD).content.decode())
    assert all(GENERIC in html for html in answers) and not any("锁定" in html for html in answers)
    assert not _signed_in(client)
    row = LoginThrottle.objects.get(key=f"account:{user.username}|10.0.0.1")
    assert row.locked_until > timezone.now() + dt.timedelta(minutes=14)
    profile = UserProfile.objects.get(user=user)
    notes = list(AuditEntry.objects.filter(object_id=str(profile.pk)).values_list("note", flat=True))
    assert any("登录失败" in n for n in notes) and any("受限期间" in n for n in notes)


@pytest.mark.django_db
def test_anonymous_guessing_cannot_lock_the_owner_out_of_their_account(client, settings):
    settings.LOUYU_LOGIN_MAX_FAILURES = 3
    user = f.district_editor("姑苏区")
    for _ in range(10):
        _login(client, user.username, "wrong-password", address="203.0.113.9")
    assert _login(client, user.username, PASSWORD, address="10.1.2.3").status_code == 302  # the owner, at their desk


@pytest.mark.django_db
def test_restrictions_double_each_time_they_are_earned(client, settings):
    settings.LOUYU_LOGIN_MAX_FAILURES = 2
    settings.LOUYU_LOGIN_LOCK_MINUTES = 10
    user = f.district_editor("姑苏区")
    key = f"account:{user.username}|10.0.0.1"
    lengths = []
    for _ in range(3):
        LoginThrottle.objects.filter(key=key).update(locked_until=None)  # as if the last restriction expired
        for _ in range(2):
            _login(client, user.username, "wrong-password")
        row = LoginThrottle.objects.get(key=key)
        lengths.append(round((row.locked_until - timezone.now()).total_seconds() / 60))
    assert lengths == [10, 20, 40]


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_restricted(client, settings):
    settings.LOUYU_LOGIN_IP_MAX_FAILURES = 4
    user = f.district_editor("姑苏区")
    for i in range(4):
        _login(client, f"guess-{i}", "whatever-password", address="198.51.100.7")
    assert GENERIC in _login(client, user.username, PASSWORD, address="198.51.100.7").content.decode()
    assert _login(client, user.username, PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_a_restriction_expires_and_success_clears_the_accounts_counter(client, settings):
    settings.LOUYU_LOGIN_MAX_FAILURES = 2
    user = f.district_editor("姑苏区")
    key = f"account:{user.username}|10.0.0.1"
    LoginThrottle.objects.create(key=key, failures=1, strikes=1, locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _login(client, user.username, PASSWORD).status_code == 302
    row = LoginThrottle.objects.get(key=key)
    assert (row.failures, row.strikes, row.locked_until) == (0, 0, None)


@pytest.mark.django_db
def test_unknown_users_get_the_same_message_as_a_wrong_password(client):
    assert GENERIC in _login(client, "nobody-at-all", "whatever-password").content.decode()


@pytest.mark.django_db
def test_every_failure_costs_one_password_hash_so_timing_reveals_nothing(client, settings, monkeypatch):
    """Unknown user, wrong password and a restricted key each run the hasher exactly once."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    settings.LOUYU_LOGIN_MAX_FAILURES = 1
    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    user = f.district_editor("姑苏区")
    counts = []
    for username, password in (("nobody-at-all", "x-password"), (user.username, "wrong-password"), (user.username, PASSWORD)):
        calls.clear()
        _login(client, username, password)
        counts.append(len(calls))
    assert counts == [1, 1, 1]


@pytest.mark.django_db
def test_the_api_takes_no_passwords_so_basic_auth_neither_signs_in_nor_counts(client):
    import base64

    user = f.district_editor("姑苏区")
    for password in ("wrong", PASSWORD):
        header = "Basic " + base64.b64encode(f"{user.username}:{password}".encode()).decode()
        assert client.get("/api/buildings/", HTTP_AUTHORIZATION=header).status_code in (401, 403)
    assert not LoginThrottle.objects.exists()


@pytest.mark.django_db
def test_password_rules_reject_short_common_and_simple_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1", "password123", "1234567890", "alllowercaseletters"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    with pytest.raises(ValidationError, match="至少包含"):
        validate_password("louyupingtai2024")  # long, but only two kinds of characters
    validate_password("Louyu-平台-2024x")


@pytest.mark.django_db
def test_an_expired_password_must_be_changed_before_anything_else(client, settings):
    settings.LOUYU_PASSWORD_MAX_AGE_DAYS = 90
    user = f.district_editor("姑苏区")
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - dt.timedelta(days=91))  # set at creation
    _login(client, user.username, PASSWORD)
    response = client.get(reverse("web:cockpit"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:password_change"))
    response = client.post(reverse("web:password_change"), {
        "old_password": PASSWORD, "new_password1": "Neues-Passwort-2025", "new_password2": "Neues-Passwort-2025"})
    assert response.status_code == 302
    assert PasswordChange.objects.filter(user=user).count() == 1  # the new password's validity starts now
    assert _signed_in(client)


@pytest.mark.django_db
def test_an_idle_session_ends_after_the_configured_minutes(client, settings):
    settings.LOUYU_IDLE_MINUTES = 30
    user = f.district_editor("姑苏区")
    _login(client, user.username, PASSWORD)
    assert _signed_in(client)
    from django.core.cache import cache

    key = f"louyu:seen:{client.session.session_key}"
    cache.set(key, cache.get(key) - 31 * 60)  # as if the last request was 31 minutes ago
    response = client.get(reverse("web:cockpit"))
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert client.get(reverse("web:cockpit")).status_code == 302  # signed out for good
