"""Per-user API tokens: printed once by `louyu token create`, stored only as a digest, sent as
`Authorization: Bearer`, revocable; a wrong token is a 401 that locks nobody out."""
import io

import pytest
from django.core.management import call_command

from louyu import factories as f
from louyu.core.models import ApiToken, LoginThrottle

pytestmark = pytest.mark.django_db


def _create(username: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "--user", username, "--name", "区数据平台", stdout=out, stderr=err)
    assert "只保存其摘要" in err.getvalue()
    return out.getvalue().strip()


def test_a_token_is_shown_once_stored_hashed_and_acts_as_its_user(client):
    user = f.district_editor("姑苏区")
    own = f.BuildingFactory(district=user.profile.district)
    other = f.BuildingFactory(district=f.district("吴中区"))
    token = _create(user.username)
    row = ApiToken.objects.get(user=user)
    assert token.startswith("ly_") and token not in (row.digest, row.prefix) and row.prefix == token[:10]
    response = client.get("/api/buildings/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    codes = {b["code"] for b in response.json()["results"]}
    assert own.code in codes and other.code not in codes  # the user's scope, through permissions
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None


def test_a_revoked_token_no_longer_works(client):
    user = f.city_admin()
    token = _create(user.username)
    out = io.StringIO()
    call_command("token", "revoke", token[:10], stdout=out)
    assert "已吊销 1 个令牌" in out.getvalue()
    response = client.get("/api/buildings/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401 and "令牌无效或已吊销" in response.json()["detail"]


def test_wrong_tokens_never_lock_the_account(client):
    user = f.city_admin()
    token = _create(user.username)
    for _ in range(20):
        assert client.get("/api/buildings/", HTTP_AUTHORIZATION="Bearer ly_not-a-real-token").status_code == 401
    assert not LoginThrottle.objects.exists()
    assert client.get("/api/buildings/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_the_token_of_a_disabled_user_is_refused(client):
    user = f.city_admin()
    token = _create(user.username)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/buildings/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
