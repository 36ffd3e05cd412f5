"""`louyu demo` prints usable logins for an operator and a 楼长 too (the generator makes them without a password)."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from louyu import factories as f
from louyu.demo.management.commands.demo import FIELD_PASSWORDS, demo_field_users_ensure

pytestmark = pytest.mark.django_db


def _unusable(username, role, **kw):
    user = f.user_with_role(role, username=username, **kw)
    user.set_unusable_password()
    user.save()
    return user


def test_the_first_demo_operator_and_the_busiest_steward_get_passwords_and_can_log_in(client):
    building = f.BuildingFactory(district=f.district("姑苏区"), name="演示运营大厦")
    _unusable("demo-op-B2", "operator", buildings=[f.BuildingFactory()])
    _unusable("demo-op-A1", "operator", buildings=[building])
    lone, busy = _unusable("demo-lz-011", "district_editor", district_name="姑苏区"), _unusable("demo-lz-012", "district_editor", district_name="姑苏区")
    f.BuildingStewardFactory(steward=lone)
    f.BuildingStewardFactory(steward=busy, building=f.BuildingFactory(district=f.district("姑苏区")))
    f.BuildingStewardFactory(steward=busy, building=f.BuildingFactory(district=f.district("姑苏区")))
    logins = demo_field_users_ensure()
    assert [(username, password) for _label, username, password in logins] == [
        ("demo-op-A1", FIELD_PASSWORDS["operator"]), ("demo-lz-012", FIELD_PASSWORDS["steward"])]
    assert "演示运营大厦" in logins[0][0] and "姑苏区" in logins[1][0] and "2 幢" in logins[1][0]
    assert not get_user_model().objects.get(username="demo-op-B2").has_usable_password()
    assert client.login(username="demo-op-A1", password=FIELD_PASSWORDS["operator"])
    assert client.get(reverse("filing:mine")).status_code == 200
    assert demo_field_users_ensure() == logins  # a second `louyu demo` prints the same
