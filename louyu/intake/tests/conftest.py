import pytest

from louyu import factories


@pytest.fixture
def admin(db):
    return factories.city_admin()


@pytest.fixture
def gusu_editor(db):
    return factories.district_editor("姑苏区")
