"""Fuzzing the API from its own OpenAPI schema (schemathesis), with a city administrator's token (Bearer): every
read operation — each app's list and detail, the later apps' included — is called once on a real row and then
with a bounded number of generated requests; none may answer 5xx or violate the schema it publishes. Runs
in-process (WSGI) against the suite's database, SQLite or PostgreSQL alike (`make test`, `make test-pg`)."""
import datetime as dt
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from louyu import factories as f
from louyu.core.tokens import token_create

pytestmark = pytest.mark.django_db

# ~60 read operations × 3: well under a minute on either database; LOUYU_FUZZ_EXAMPLES=50 for a deeper local run.
EXAMPLES_PER_OPERATION = int(os.environ.get("LOUYU_FUZZ_EXAMPLES", "3"))


def _one_row_of_every_kind():
    """A row behind every read endpoint, so that list pages serialise real data and details exist."""
    building = f.BuildingFactory(district=f.district("姑苏区"))
    tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=building.district))
    f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, 3, 1))
    f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1))
    f.RenovationProjectFactory(building=building)
    f.NewBuildingProjectFactory(district=building.district)
    f.StreetFactory(district=building.district)
    f.AnnualTargetFactory(district=building.district, year=2030)
    f.ImportBatchFactory(district=building.district)
    f.TargetVersionFactory(district=building.district)
    f.ProgressReportFactory(assignment=f.TaskAssignmentFactory(district=building.district, department="市商务局"))
    plan = f.ActionPlanFactory(district=building.district)
    f.PlanGoalFactory(plan=plan)
    f.PlanItemFactory(plan=plan)
    f.LeadFactory(unit=f.VacantUnitFactory(building=building), district=building.district)
    f.BuildingStewardFactory(building=building)
    f.EnterpriseRequestFactory(building=building, enterprise=tenancy.enterprise)
    f.ResolutionFactory(event=f.EventFactory(district=building.district, kind="joint_meeting"))
    f.EventFactory(district=building.district)
    f.EvaluationFactory()
    f.InspectionFollowUpFactory(inspection=f.InspectionFactory(district=building.district))
    f.ServiceVolumeFactory(point=f.ServicePointFactory(building=building))
    f.PartyOrganisationFactory(building=building)
    f.TeamRecognitionFactory(team=f.OperationTeamFactory(district=building.district))


@pytest.fixture
def token():
    _one_row_of_every_kind()
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


def _read_operations(api_schema) -> list:
    return [op for op in (result.ok() for result in api_schema.get_all_operations()) if op.method.upper() == "GET"]


def test_the_fuzz_covers_every_read_endpoint_of_every_app(api_schema):
    from louyu.api import router

    paths = {op.path for op in _read_operations(api_schema)}
    for prefix, viewset, _basename in router.registry:
        assert f"/api/{prefix}/" in paths, f"/api/{prefix}/ is not in the published schema"
        if hasattr(viewset, "retrieve"):
            assert any(p.startswith(f"/api/{prefix}/{{") for p in paths), f"/api/{prefix}/{{id}}/ is not in the published schema"


def test_no_read_operation_answers_a_server_error_or_breaks_its_schema(api_schema, token):
    from hypothesis import given
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    headers, checks = {"Authorization": f"Bearer {token}"}, [not_a_server_error, response_schema_conformance]
    operations = _read_operations(api_schema)
    first_ids, failures = {}, []
    # Lists before details: a detail is first called on the row its list returned.
    for operation in sorted(operations, key=lambda op: op.path.count("{")):
        params = [p.name for p in operation.iter_parameters() if p.location == "path"]
        list_path = operation.path.split("{")[0]
        try:
            if not params:
                response = operation.Case(query={}).call_and_validate(headers=headers, checks=checks)
                body = response.json()
                results = body.get("results") if isinstance(body, dict) else None
                if results:
                    first_ids[list_path] = results[0].get("id", results[0].get("code"))
            elif list_path in first_ids and len(params) == 1:
                operation.Case(path_parameters={params[0]: first_ids[list_path]}).call_and_validate(headers=headers, checks=checks)
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label} (a real row): {str(exc)[:600]}")

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            case.call_and_validate(headers=headers, checks=checks)

        try:
            exercise()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
    assert len(operations) >= 40 and len(first_ids) >= 25, sorted(first_ids)


BOUNDARY_NUMBERS = ("99999999999999999999", "-1", "0.5", "NaN")  # past int64, negative, fractional, not a number


def test_every_numeric_filter_of_every_list_answers_a_boundary_number_without_a_server_error(client, token):
    """Generated examples stay within the schema's types; numbers at the edges of what a database column holds
    (a year −1, an id past int64) are swept here for each numeric query parameter the schema publishes."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    schema = client.get("/api/schema/", {"format": "json"}, **headers).json()
    failures, swept = [], 0
    for path, item in schema["paths"].items():
        if "{" in path or "get" not in item:
            continue
        for param in item["get"].get("parameters", []):
            if param["in"] != "query" or param.get("schema", {}).get("type") not in ("integer", "number"):
                continue
            swept += 1
            for value in BOUNDARY_NUMBERS:
                status = client.get(path, {param["name"]: value}, **headers).status_code
                if status >= 500:
                    failures.append(f"GET {path}?{param['name']}={value} → {status}")
    assert swept >= 20 and failures == []
