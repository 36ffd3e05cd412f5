"""The city's districts and streets: loaded from cities/<slug>/ once and again without change, and found by
every name people write (附件1 name, full name, former name, alias)."""
import pytest

from louyu.geo.models import District, Street
from louyu.geo.reference import load_city, split_list
from louyu.geo.selectors import district_resolve, districts_in_order
from louyu.geo.services import districts_load, streets_load

pytestmark = pytest.mark.django_db


def test_suzhou_has_the_ten_districts_of_附件1_in_its_order():
    city = load_city("suzhou")
    assert [d.name for d in city.districts][:3] == ["张家港市", "常熟市", "太仓市"]
    assert len(city.districts) == 10
    assert [d.name for d in districts_in_order()] == [d.name for d in city.districts]


def test_loading_again_changes_nothing():
    before = list(District.objects.order_by("code").values())
    streets = Street.objects.count()
    assert districts_load() == 10
    assert streets_load() == streets > 0
    assert list(District.objects.order_by("code").values()) == before
    assert Street.objects.count() == streets


@pytest.mark.parametrize("written", ["姑苏区", "姑苏", "  姑苏区 ", "张家港保税区", "沙洲县", "Zhangjiagang"])
def test_a_district_is_found_by_any_name_people_write(written):
    found = district_resolve(written)
    assert found is not None and found.name in ("姑苏区", "张家港市")


@pytest.mark.parametrize("written", ["", None, "上海市", "姑苏区区"])
def test_an_unknown_name_is_no_district(written):
    assert district_resolve(written) is None


def test_every_street_belongs_to_a_known_district():
    assert not Street.objects.filter(district__isnull=True).exists()
    assert Street.objects.filter(district__name="姑苏区", name="平江街道").exists()


def test_alias_cells_split_on_either_semicolon():
    assert split_list("姑苏；苏州古城; Gusu ；") == ("姑苏", "苏州古城", "Gusu")
    assert split_list("") == () and split_list(None) == ()


def test_the_api_lists_districts_in_附件1_order(admin_client):
    rows = admin_client.get("/api/districts/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["name"] for r in rows][:2] == ["张家港市", "常熟市"]
