"""`louyu serve` and `louyu screenshots`."""
import pytest
from django.core.management import call_command

from louyu import factories as f
from louyu.web.management.commands.screenshots import main_pages
from louyu.web.management.commands.serve import gunicorn_argv


def test_serve_runs_gunicorn_on_the_given_address_with_the_given_workers():
    argv = gunicorn_argv("127.0.0.1:9000", 3)
    assert argv[1:4] == ["-m", "gunicorn", "louyu.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9000" and argv[argv.index("--workers") + 1] == "3"


def test_serve_defaults_to_loopback_port_8000(monkeypatch):
    calls = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append(argv))
    call_command("serve")
    assert calls and calls[0][calls[0].index("--bind") + 1] == "127.0.0.1:8000"


@pytest.mark.django_db
def test_screenshot_pages_cover_every_main_page():
    building = f.BuildingFactory()
    tenancy = f.TenancyFactory(building=building)
    f.TaxRecordFactory(enterprise=tenancy.enterprise)
    paths = dict(main_pages(None)).values()
    for expected in ("/cockpit/", "/cockpit/screen/", f"/buildings/{building.pk}/", f"/enterprises/{tenancy.enterprise.pk}/",
                     "/buildings/", "/projects/new/", "/projects/renovation/", "/enterprises/", "/map/", "/imports/upload/"):
        assert expected in paths
