"""Fuzzing the API from its own OpenAPI schema (schemathesis), with a city administrator's token: every
operation gets a couple of generated requests; none may answer 5xx or violate the schema it publishes.
Runs in-process (WSGI) against the suite's database, SQLite or PostgreSQL alike."""
import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from louyu import factories as f
from louyu.core.tokens import token_create

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 2


@pytest.fixture
def token():
    building = f.BuildingFactory(district=f.district("姑苏区"))
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, 3, 1))
    f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1))
    f.RenovationProjectFactory(building=building)
    f.NewBuildingProjectFactory(district=building.district)
    return token_create(user=f.city_admin())[1]


@pytest.fixture
def api_schema(token, settings, tmp_path):
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tmp_path  # a generated upload that passes is stored for its import job: not in the var dir
    # As Django's own test client does: requests must not close the test's connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(),
                                             headers={"Authorization": f"Bearer {token}"})
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error_or_breaks_its_schema(api_schema, token):
    from hypothesis import given
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=[not_a_server_error, response_schema_conformance])

        try:
            exercise()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
