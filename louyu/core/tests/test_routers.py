"""With DATABASE_REPLICA_URL set, pages and the API read from the replica; writes, jobs and the CLI use the primary."""
from django.http import HttpResponse
from django.test import RequestFactory

from louyu.buildings.models import Building
from louyu.core.routers import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter, reads_from
from louyu.jobs.models import Job

router = ReplicaRouter()


def serve(request, view):
    seen = {}

    def get_response(request):
        view(seen)
        return HttpResponse("ok")

    return ReplicaMiddleware(get_response)(request), seen


def test_a_page_reads_from_the_replica():
    response, seen = serve(RequestFactory().get("/buildings/"), lambda seen: seen.update(read=router.db_for_read(Building)))
    assert seen["read"] == "replica" and PIN_COOKIE not in response.cookies


def test_the_queue_and_jobs_are_always_read_from_the_primary():
    _, seen = serve(RequestFactory().get("/jobs/1/progress/"), lambda seen: seen.update(read=router.db_for_read(Job)))
    assert seen["read"] == "default"


def test_a_post_reads_and_writes_on_the_primary_and_pins_the_browser_for_the_redirect():
    def view(seen):
        seen["read"] = router.db_for_read(Building)
        seen["write"] = router.db_for_write(Building)

    response, seen = serve(RequestFactory().post("/buildings/1/edit/"), view)
    assert seen == {"read": "default", "write": "default"} and PIN_COOKIE in response.cookies
    follow = RequestFactory().get("/buildings/1/")
    follow.COOKIES[PIN_COOKIE] = "1"
    _, seen = serve(follow, lambda seen: seen.update(read=router.db_for_read(Building)))
    assert seen["read"] == "default"  # the page after the save reads its own write


def test_after_a_write_the_rest_of_a_get_request_reads_from_the_primary():
    def view(seen):
        seen["before"] = router.db_for_read(Building)
        router.db_for_write(Building)
        seen["after"] = router.db_for_read(Building)

    response, seen = serve(RequestFactory().get("/"), view)
    assert seen == {"before": "replica", "after": "default"} and PIN_COOKIE in response.cookies


def test_outside_a_request_the_cli_and_workers_read_from_the_primary():
    assert reads_from() == "default" and router.db_for_read(Building) == "default"
    assert router.allow_migrate("replica", "buildings") is False and router.allow_migrate("default", "buildings")
