"""`louyu serve`, `louyu screenshots` and the page benchmark's helpers."""
import pytest
from django.core.management import call_command

from louyu.web import bench
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


def test_bench_writes_only_its_own_section_of_the_performance_document(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# 性能\n\n## 数据导入 (intake)\n\n导入数字\n\n## 页面响应 (pages)\n\n旧数字\n\n## 指标计算 (indicators)\n\n指标数字\n",
                   encoding="utf-8")
    bench.write_section(doc, "## 页面响应 (pages)\n\n新数字\n")
    text = doc.read_text(encoding="utf-8")
    assert "新数字" in text and "旧数字" not in text
    assert text.index("导入数字") < text.index("新数字") < text.index("指标数字")


def test_percentiles_pick_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.5) == 51.0
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile(list(reversed(values)), 0.95) == 95.0  # order of samples does not matter


@pytest.mark.parametrize("path,kind", [("/cockpit/", "全市驾驶舱"), ("/buildings/12/", "楼宇画像"), ("/buildings/?page=2", "楼宇名录"),
                                       ("/buildings/?district=3&sort=-office_area", "楼宇名录（筛选+排序）"),
                                       ("/enterprises/7/", "企业画像"), ("/map/buildings.json", "地图数据")])
def test_bench_classifies_each_logged_request_by_page(path, kind):
    assert bench.kind_of(path) == kind


@pytest.mark.django_db
def test_screenshot_pages_cover_every_main_page():
    from louyu import factories as f
    from louyu.web.management.commands.screenshots import main_pages

    building = f.BuildingFactory()
    tenancy = f.TenancyFactory(building=building)
    f.TaxRecordFactory(enterprise=tenancy.enterprise)
    paths = dict(main_pages(None)).values()
    for expected in ("/cockpit/", "/cockpit/screen/", f"/buildings/{building.pk}/", f"/enterprises/{tenancy.enterprise.pk}/",
                     "/buildings/", "/projects/new/", "/projects/renovation/", "/enterprises/", "/map/", "/imports/upload/"):
        assert expected in paths
