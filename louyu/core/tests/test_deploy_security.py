"""Finding 11: production settings pass `check --deploy` with nothing to report; every response carries a
CSP that the vendored assets satisfy; the API and downloads are not cached; the schema is for signed-in
users and token holders; the platform's files are its own (0600/0700); small holes closed."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from louyu import factories as f

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LOUYU_PLAIN_HTTP", "DEBUG", "LOUYU_SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="louyu.settings", LOUYU_VAR_DIR=str(tmp_path / "var"), ALLOWED_HOSTS="louyu.example.gov.cn",
               SECRET_KEY="k" * 10 + "Q9v$7mZr!pL2xW#4nB8cT6yH0sJ3dF5gA1eK&uR^oI*" + "z" * 10, **extra)
    env.pop("DATABASE_URL", None)
    return env


@pytest.mark.parametrize("proxy", ["1", "0"])
def test_production_settings_pass_check_deploy_without_a_single_warning(tmp_path, proxy):
    done = subprocess.run([sys.executable, "-m", "louyu.cli", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=_production_env(tmp_path, LOUYU_BEHIND_TLS_PROXY=proxy), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


SHOW_SETTINGS = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps([s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,
                  s.X_FRAME_OPTIONS, getattr(s, "SECURE_PROXY_SSL_HEADER", None)]))
"""


def test_without_debug_https_is_the_default_and_the_proxy_flag_trusts_its_header(tmp_path):
    import json

    def shown(**extra):
        done = subprocess.run([sys.executable, "-c", SHOW_SETTINGS], cwd=ROOT, env=_production_env(tmp_path, **extra),
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert shown() == [True, True, True, True, "DENY", None]
    assert shown(LOUYU_BEHIND_TLS_PROXY="1")[-1] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown(LOUYU_PLAIN_HTTP="1")[:4] == [False, False, False, False]  # the local demo only


def test_the_database_key_and_var_folder_are_created_for_the_owner_only(tmp_path):
    code = "import django; django.setup(); from django.db import connection; connection.ensure_connection()"
    env = _production_env(tmp_path)
    env.pop("SECRET_KEY")  # so the platform creates its own key file
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    var = tmp_path / "var"
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for name in ("secret_key", "louyu.sqlite3"):
        assert stat.S_IMODE((var / name).stat().st_mode) == 0o600, name


def test_uploaded_and_written_files_are_owner_only(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("uploads/税收.csv", ContentFile(b"a,b\n"))
    assert stat.S_IMODE(Path(storage.path(name)).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "media" / "uploads").stat().st_mode) == 0o700
    plain = tmp_path / "export.csv"
    plain.write_text("x")  # anything the process writes, e.g. `louyu export --output`
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600


@pytest.mark.django_db
def test_every_page_carries_a_csp_without_inline_script_and_frames_are_denied(admin_client):
    response = admin_client.get(reverse("web:cockpit"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and response["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_or_javascript_urls():
    import re

    for path in (ROOT / "louyu").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert "javascript:" not in text and not re.search(r"\son[a-z]+=\"", text), path


@pytest.mark.django_db
def test_the_api_and_every_download_say_no_store(admin_client):
    f.BuildingFactory()
    assert admin_client.get("/api/buildings/")["Cache-Control"] == "no-store"
    assert admin_client.get(reverse("web:building_list"), {"export": "csv"})["Cache-Control"] == "no-store"
    assert admin_client.get(reverse("web:import_template", args=["buildings"]))["Cache-Control"] == "no-store"
    assert "no-store" not in admin_client.get(reverse("web:cockpit")).get("Cache-Control", "")


@pytest.mark.django_db
def test_the_schema_and_api_docs_are_for_signed_in_users_and_token_holders(client):
    from louyu.core.tokens import token_create

    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
    _, token = token_create(user=f.user_with_role("city_viewer"))
    assert client.get("/api/schema/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    client.force_login(f.district_editor("姑苏区"))
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"<script>" not in docs.content  # the start-up script is a file (CSP)
    assert client.get("/api/docs/?script=").status_code == 200


@pytest.mark.django_db
def test_an_unknown_import_template_is_a_404_not_a_500(admin_client):
    assert admin_client.get(reverse("web:import_template", args=["no-such-kind"])).status_code == 404


@pytest.mark.django_db
def test_batch_matching_is_closed_to_the_read_only_leader_and_leaves_no_temp_folder(client, tmp_path, monkeypatch, run_jobs):
    import io
    import tempfile

    client.force_login(f.user_with_role("city_viewer"))
    assert client.get(reverse("matching:batch")).status_code == 403
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    client.force_login(f.city_admin())
    registry = io.BytesIO("楼宇编码,楼宇名称,所属地区,详细地址\nGS-1,苏州中心,工业园区,苏州大道东1号\n".encode())
    registry.name = "楼宇.csv"
    addresses = io.BytesIO("编号,地址\n1,苏州大道东1号\n".encode())
    addresses.name = "地址.csv"
    response = client.post(reverse("matching:batch"), {"registry": registry, "addresses": addresses})
    assert response.status_code == 302  # queued as a job (louyu.jobs); nothing in the system's temp folder
    assert list(system_tmp.iterdir()) == []
    run_jobs()
    from louyu.jobs.models import Job

    job = Job.objects.get(kind="match_file")
    from pathlib import Path

    left = sorted(p.name for p in Path(job.args["output"]).parent.iterdir())
    assert set(left) <= {"匹配结果.csv"}, left  # the uploads go when the job ends; at most the result waits for its download
