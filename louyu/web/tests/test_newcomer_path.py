"""A newcomer's first steps: `louyu screenshots` on an empty database, and opening the logout address."""
from unittest import mock

import pytest
from django.db import OperationalError

from louyu import factories as f
from louyu.web.management.commands import screenshots

pytestmark = pytest.mark.django_db


def test_logout_address_opened_directly_shows_a_page_and_posting_it_logs_out(client):
    response = client.get("/accounts/logout/")
    assert response.status_code == 200 and "已退出" in response.content.decode()
    client.force_login(f.city_admin())
    response = client.get("/accounts/logout/")
    assert response.status_code == 200 and "确认退出" in response.content.decode()
    assert client.get("/cockpit/").status_code == 200  # a GET does not log out
    client.post("/accounts/logout/")
    assert client.get("/cockpit/").status_code == 302


def test_screenshots_on_a_fresh_database_create_the_demo_database_first():
    command = screenshots.Command()
    admin = f.city_admin()
    calls = []
    answers = iter([OperationalError("no such table: auth_user"), (admin, None)])

    def pick():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with mock.patch.object(screenshots, "pick_users", pick), \
            mock.patch.object(screenshots, "call_command", lambda *a, **kw: calls.append((a, kw))):
        assert command._users_or_demo() == (admin, None)
    assert calls and calls[0][0] == ("demo",) and calls[0][1]["no_serve"] is True


def test_screenshots_without_an_administrator_after_the_demo_say_so_without_a_traceback():
    from django.core.management.base import CommandError

    with mock.patch.object(screenshots, "pick_users", lambda: (None, None)), \
            mock.patch.object(screenshots, "call_command", lambda *a, **kw: None), \
            pytest.raises(CommandError, match="createsuperuser"):
        screenshots.Command()._users_or_demo()
