"""Test-session setup: reference data is loaded once into the test database, after migrations."""
from contextlib import contextmanager

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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create users by the dozen; PBKDF2's deliberate slowness buys nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_cache(settings, tmp_path_factory):
    """Each test session caches in its own folder, never in the running platform's var/cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def run_jobs(settings, tmp_path, monkeypatch):
    """Run every queued background job through the real worker loop (django-tasks-db) in this process.
    The loop's close_old_connections() would close the test's transaction (it is not autocommit): kept open."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    from louyu.jobs.worker import run_queued

    return run_queued


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit callbacks of what the block wrote, as its commit would (the test's
    transaction stays open)."""
    from django.db import transaction

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        transaction.get_connection().run_on_commit.clear()

    return block
