"""Reports read tax-bearing rows through one door, louyu.reports.selectors.visible_tax (louyu.core.permissions)."""
import pytest

from louyu.factories import AlertFactory, BuildingFactory, city_admin, district, district_editor
from louyu.reports import selectors

pytestmark = pytest.mark.django_db


def test_a_district_user_reads_only_their_districts_alerts_and_the_system_reads_all():
    gusu = AlertFactory(building=BuildingFactory(district=district("姑苏区")))
    huqiu = AlertFactory(building=BuildingFactory(district=district("虎丘区")))
    assert selectors.alerts(2023, user=district_editor("姑苏区")) == [gusu]
    assert set(selectors.alerts(2023, user=city_admin())) == {gusu, huqiu}
    assert set(selectors.alerts(2023)) == {gusu, huqiu}  # no user: the city-wide publication
