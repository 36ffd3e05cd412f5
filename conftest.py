"""Test-session setup: reference data is loaded once into the test database, after migrations."""
import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from louyu.core.reference import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture
def reference_data(db):
    """Reload reference data (for transactional tests, whose flush empties every table)."""
    from louyu.core.reference import reference_data_load

    reference_data_load()
