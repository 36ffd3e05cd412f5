"""The indicator models people write to have factories that build valid rows."""
import pytest

from louyu.factories import AlertFactory, FeaturedRecognitionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [AlertFactory, FeaturedRecognitionFactory])
def test_factory_builds_a_valid_saved_row(factory):
    obj = factory()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()
