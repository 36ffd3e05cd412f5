"""List pages count their rows exactly up to a cap and say "N 条以上" past it (louyu.core.pagination): counting
every row of a province's registers on each view of a list cost more than the rest of the page."""
import pytest

from louyu import factories as f
from louyu.buildings.models import Building
from louyu.core import pagination


@pytest.mark.django_db
def test_under_the_cap_the_count_is_exact_and_over_it_the_pages_stop_at_the_cap(monkeypatch):
    for _ in range(5):
        f.BuildingFactory()
    rows = Building.objects.order_by("name")
    exact = pagination.CappedPaginator(rows, 2)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)
    monkeypatch.setattr(pagination.CappedPaginator, "cap", 3)
    capped = pagination.CappedPaginator(rows, 2)
    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    assert pagination.count_label(rows, cap=3) == "3+" and pagination.count_label(rows, cap=5) == "5"
    assert pagination.count_label(list(rows), cap=10) == "5"


@pytest.mark.django_db
def test_a_list_past_the_cap_says_so_and_asks_for_a_filter(client, monkeypatch):
    for _ in range(3):
        f.BuildingFactory()
    client.force_login(f.city_admin())
    assert 'id="total-count">3</b> 条' in client.get("/buildings/").content.decode()
    monkeypatch.setattr(pagination.CappedPaginator, "cap", 2)
    html = client.get("/buildings/").content.decode()
    assert 'id="total-count">2</b> 条以上（请用筛选缩小范围）' in html
