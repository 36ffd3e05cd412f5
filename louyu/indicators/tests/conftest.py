import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users need no strong hashing; it would dominate the run time of the permission tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
