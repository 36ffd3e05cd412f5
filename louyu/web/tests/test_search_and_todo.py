"""The header's search finds buildings, enterprises and streets the user may see; the cockpit's 待办 counts
the work waiting for this user; the leader's menu offers only what a leader can use."""
import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.indicators.models import AlertStatus

pytestmark = pytest.mark.django_db


def test_search_finds_what_the_user_may_see_only(client):
    own = f.BuildingFactory(district=f.district("姑苏区"), name="观前金融大厦")
    other = f.BuildingFactory(district=f.district("吴中区"), name="太湖金融港")
    company = f.EnterpriseFactory(district=f.district("姑苏区"), name="苏州观前金融服务有限公司")
    client.force_login(f.district_editor("姑苏区"))
    page = client.get(reverse("web:search"), {"q": "金融"}).content.decode()
    assert own.name in page and company.name in page and other.name not in page
    by_code = client.get(reverse("web:search"), {"q": company.uscc.lower()}).content.decode()
    assert company.name in by_code
    streets = client.get(reverse("web:search"), {"q": "双塔"}).content.decode()
    assert "双塔街道" in streets and "?street=" in streets
    assert "请输入至少 2 个字" in client.get(reverse("web:search"), {"q": "金"}).content.decode()


def test_the_cockpit_lists_what_waits_for_this_user(client):
    editor = f.district_editor("姑苏区")
    building = f.BuildingFactory(district=f.district("姑苏区"))
    f.AlertFactory(building=building)
    f.AlertFactory(building=building, status=AlertStatus.SEEN, assigned_to=editor, period="2023-02-01")
    f.AlertFactory(building=f.BuildingFactory(district=f.district("吴中区")))  # not theirs
    client.force_login(editor)
    page = client.get(reverse("web:cockpit")).content.decode()
    todo = page[page.index('id="todo"'):page.index('id="todo"') + 1200]
    assert "新预警 <b>1</b>" in todo and "指派给我的预警 <b>1</b>" in todo and "待复核地址 <b>0</b>" in todo


def test_the_leaders_menu_shows_only_what_a_leader_can_use(client):
    client.force_login(f.user_with_role("city_viewer"))
    page = client.get(reverse("web:cockpit")).content.decode()
    nav = page[page.index('<nav class="sidebar">'):page.index("</nav>")]
    assert "全市驾驶舱" in nav and "预警处理" in nav
    for item in ("数据导入", "导入记录", "地址匹配复核", "批量地址匹配", "数据接口"):
        assert item not in nav, item
    assert 'id="todo"' not in page or "待复核地址" not in page
