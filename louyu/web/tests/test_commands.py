"""`louyu serve` and `louyu screenshots`."""
import pytest
from django.core.management import call_command

from louyu import factories as f
from louyu.web.management.commands.screenshots import main_pages
from louyu.web.management.commands.serve import gunicorn_argv, supervise


def test_serve_runs_gunicorn_on_the_given_address_with_the_given_workers():
    argv = gunicorn_argv("127.0.0.1:9000", 3)
    assert argv[1:4] == ["-m", "gunicorn", "louyu.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9000" and argv[argv.index("--workers") + 1] == "3"


def test_serve_defaults_to_loopback_port_8000_and_starts_a_job_worker_beside_the_server(monkeypatch):
    calls = []
    monkeypatch.setattr("louyu.web.management.commands.serve.supervise", lambda commands: calls.append(commands) or 0)
    with pytest.raises(SystemExit):
        call_command("serve")
    server, worker = calls[0]
    assert server[server.index("--bind") + 1] == "127.0.0.1:8000"
    assert worker[1:] == ["-m", "louyu.cli", "worker"]


def test_when_the_server_stops_its_job_worker_is_stopped_too(monkeypatch):
    import subprocess
    import sys

    started = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda argv: started.append(real_popen(argv)) or started[-1])
    server = [sys.executable, "-c", "raise SystemExit(3)"]
    worker = [sys.executable, "-c", "import time; time.sleep(600)"]
    assert supervise([server, worker]) == 3  # the server's exit code
    assert started[1].poll() is not None  # the worker did not outlive the server


@pytest.mark.django_db
def test_screenshot_pages_cover_every_main_page():
    building = f.BuildingFactory()
    tenancy = f.TenancyFactory(building=building)
    f.TaxRecordFactory(enterprise=tenancy.enterprise)
    paths = dict(main_pages(None)).values()
    for expected in ("/cockpit/", "/cockpit/screen/", f"/buildings/{building.pk}/", f"/enterprises/{tenancy.enterprise.pk}/",
                     "/buildings/", "/projects/new/", "/projects/renovation/", "/enterprises/", "/map/", "/imports/upload/"):
        assert expected in paths
