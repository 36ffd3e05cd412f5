from louyu.web.tests.test_figures import *  # noqa
def test_dbg(admin_client, big_building):
    rows = admin_client.get(reverse("web:building_tax_rows", args=[big_building.pk]), {"year": 2024}).content.decode()
    import re
    print(re.findall(r"合计[^<]*", rows))
