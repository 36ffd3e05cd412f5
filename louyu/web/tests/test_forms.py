"""Create/edit forms go through the domain services: same validation as the import, audited, scoped."""
import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.buildings.models import Building
from louyu.core.audit import history_of


def _form_data(building, **changes):
    data = {
        "code": building.code, "name": building.name, "aliases": "", "district": building.district_id,
        "street": building.street, "address": building.address, "towers": "A座；B座", "longitude": "", "latitude": "",
        "gross_area": "30000.00", "office_area": "20000.00", "floors_above": "20", "completion_year": "2015",
        "status": "operating", "ownership_type": "", "owner": "", "operator": "", "holding": "", "source": "测试",
        "verification": "unverified",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_district_editor_edits_own_building_and_the_change_is_audited(gusu_client):
    building = f.BuildingFactory(district=f.district("姑苏区"))
    response = gusu_client.post(reverse("web:building_edit", args=[building.pk]), _form_data(building, office_area="21000.50"))
    assert response.status_code == 302
    building.refresh_from_db()
    assert str(building.office_area) == "21000.50" and building.towers == ["A座", "B座"]
    entry = history_of(building).first()
    assert entry.changes["office_area"] == ["20000.00", "21000.50"] and entry.note


@pytest.mark.django_db
def test_a_negative_area_is_refused_with_a_chinese_message_and_nothing_is_written(gusu_client):
    building = f.BuildingFactory(district=f.district("姑苏区"))
    response = gusu_client.post(reverse("web:building_edit", args=[building.pk]), _form_data(building, office_area="-5"))
    assert response.status_code == 400
    assert "不能为负数" in response.content.decode() or "大于或等于" in response.content.decode()
    building.refresh_from_db()
    assert str(building.office_area) == "20000.00"
    assert not history_of(building).exists()


@pytest.mark.django_db
def test_district_editor_is_refused_another_districts_edit_page_and_post(gusu_client):
    other = f.BuildingFactory(district=f.district("吴中区"))
    assert gusu_client.get(reverse("web:building_edit", args=[other.pk])).status_code == 403
    response = gusu_client.post(reverse("web:building_edit", args=[other.pk]), _form_data(other, name="改名"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name != "改名"


@pytest.mark.django_db
def test_district_editor_can_only_create_in_own_district(gusu_client):
    form_html = gusu_client.get(reverse("web:building_add")).content.decode()
    assert "姑苏区" in form_html and "吴中区" not in form_html
    template = f.BuildingFactory.build(code="NEW-001", district=f.district("吴中区"))
    response = gusu_client.post(reverse("web:building_add"), _form_data(template))
    assert response.status_code == 400 and not Building.objects.filter(code="NEW-001").exists()
    template.district = f.district("姑苏区")
    response = gusu_client.post(reverse("web:building_add"), _form_data(template))
    assert response.status_code == 302 and Building.objects.get(code="NEW-001").district.name == "姑苏区"


@pytest.mark.django_db
def test_enterprise_form_rejects_a_uscc_with_a_wrong_check_character(admin_client):
    enterprise = f.EnterpriseFactory()
    bad = enterprise.uscc[:-1] + ("0" if enterprise.uscc[-1] != "0" else "1")
    data = {"uscc": bad, "name": enterprise.name, "industry": "6512", "registered_address": "", "established_on": "",
            "registered_capital": "", "employees": "", "district": enterprise.district_id, "source": "", "verification": "unverified"}
    response = admin_client.post(reverse("web:enterprise_edit", args=[enterprise.pk]), data)
    assert response.status_code == 400
    enterprise.refresh_from_db()
    assert enterprise.uscc != bad
