"""`louyu screenshots --output docs/screenshots`: 1440×900 PNGs of each main page, from a real browser.

Starts gunicorn on a free loopback port against the current database, signs a city administrator (and the
first district editor, for the district view) in by session, and photographs each page with Playwright
driving Debian's Chromium.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from .serve import gunicorn_argv

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"服务未能在 {timeout:.0f} 秒内启动：{url}")


def start_server(workers: int = 2) -> tuple[subprocess.Popen, str]:
    port = free_port()
    bind = f"127.0.0.1:{port}"
    argv = gunicorn_argv(bind, workers, extra=("--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"))
    # A loopback server for the browser speaks plain HTTP (without DEBUG the platform would redirect to HTTPS).
    process = subprocess.Popen(argv, env={**os.environ, "LOUYU_PLAIN_HTTP": "1"})
    base = f"http://{bind}"
    try:
        wait_until_up(f"{base}/accounts/login/")
    except CommandError:
        process.terminate()
        raise
    return process, base


def session_cookie(user) -> dict:
    """A signed-in session for `user` without knowing their password (the command runs on the server)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "domain": "127.0.0.1", "path": "/"}


def pick_users():
    from django.contrib.auth import get_user_model

    from louyu.core.models import Role

    User = get_user_model()
    admin = (User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
             or User.objects.filter(is_active=True, profile__role=Role.CITY_ADMIN).order_by("pk").first())
    district_user = User.objects.filter(is_active=True, profile__role=Role.DISTRICT_EDITOR).order_by("pk").first()
    return admin, district_user


def main_pages(admin_district_id: int | None):
    """(file name, path) of each main page, looked up from the current data."""
    from louyu.buildings.models import Building
    from louyu.enterprises.models import Enterprise
    from louyu.geo.models import District

    from ... import figures

    pages = [("01-cockpit", "/cockpit/"), ("02-cockpit-screen", "/cockpit/screen/")]
    district = District.objects.filter(pk=admin_district_id).first() if admin_district_id else District.objects.filter(name="姑苏区").first()
    if district:
        pages.append(("03-district", f"/districts/{district.pk}/"))
    building = figures.showcase_building() or Building.objects.order_by("pk").first()
    if building:
        pages.append(("04-building", f"/buildings/{building.pk}/"))
    enterprise = Enterprise.objects.filter(tax_records__isnull=False, tenancies__isnull=False).order_by("pk").first()
    if enterprise:
        pages.append(("05-enterprise", f"/enterprises/{enterprise.pk}/"))
    pages += [("06-buildings", "/buildings/"), ("07-new-projects", "/projects/new/"),
              ("08-renovations", "/projects/renovation/"), ("09-enterprises", "/enterprises/"), ("10-map", "/map/"),
              ("11-import", "/imports/upload/"), ("12-import-history", "/imports/")]
    if building:
        pages.append(("13-building-edit", f"/buildings/{building.pk}/edit/"))
    pages += [("15-alerts", "/alerts/"), ("16-unmatched", "/matching/unmatched/"), ("17-review-queue", "/matching/review/"),
              ("18-search", "/search/?q=金融")]
    from louyu.indicators.models import Alert

    alert = Alert.objects.filter(active=True).order_by("pk").first()
    if alert:
        pages.append(("19-alert-detail", f"/alerts/{alert.pk}/"))
    return pages


# A building file with two mistakes a district user makes: another district's row and an area with its unit.
ERROR_EXAMPLE = ("楼宇编码,楼宇名称,所属地区,地址,商务办公面积(㎡)\n"
                 "SHOT-001,示例大厦,姑苏区,人民路1号,12000㎡\nSHOT-002,示例中心,吴中区,东吴北路1号,15000\n")


def ensure_cjk_font(stdout) -> None:
    """Chinese pages need a CJK font; a government PC has one, a fresh Debian server may not."""
    if not shutil.which("fc-list"):
        return
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip()
    if found:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        stdout.write("未找到中文字体，正在安装 fonts-wqy-microhei（Debian 软件包）…")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-wqy-microhei"], env=env, capture_output=True)
    else:
        stdout.write("警告：系统没有中文字体，截图中的汉字会显示为方框；请安装 fonts-wqy-microhei 或 fonts-noto-cjk。")


class Command(BaseCommand):
    help = "启动临时服务，用 Chromium 为每个主要页面截取 1440×900 的 PNG 截图。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/screenshots", help="截图目录")
        parser.add_argument("--width", type=int, default=1440)
        parser.add_argument("--height", type=int, default=900)
        parser.add_argument("--full-page", action="store_true", help="截取整页（默认只截首屏）")

    def handle(self, *args, **options):
        if not Path(CHROMIUM).exists():
            raise CommandError(f"找不到 {CHROMIUM}：请先安装 Debian 的 chromium 软件包（apt-get install chromium）。")
        admin, district_user = self._users_or_demo()
        ensure_cjk_font(self.stdout)
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop is in this thread; ORM calls are ours
        admin_cookie = session_cookie(admin)
        district_cookie = session_cookie(district_user) if district_user else None
        pages = main_pages(None)
        process, base = start_server()
        try:
            self._shoot(base, pages, admin_cookie, district_cookie, output, options)
        finally:
            process.terminate()
            process.wait(timeout=20)

    def _users_or_demo(self):
        """The accounts to photograph with; on a fresh clone (no database yet, or no administrator) the demo
        database is created first, as `louyu demo --no-serve` does."""
        try:
            admin, district_user = pick_users()
        except DatabaseError:
            admin = None
        if admin is None:
            self.stdout.write("数据库中还没有演示数据：正在创建演示数据库（同 louyu demo --no-serve，首次约需一分钟）…")
            call_command("demo", no_serve=True, stdout=self.stdout)
            admin, district_user = pick_users()
        if admin is None:
            raise CommandError("数据库中没有市级管理员账号：请运行 louyu createsuperuser。")
        return admin, district_user

    def _shoot(self, base, pages, admin_cookie, district_cookie, output, options):
        from playwright.sync_api import sync_playwright

        viewport = {"width": options["width"], "height": options["height"]}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            shots = [(admin_cookie, name, path) for name, path in pages]
            if district_cookie:
                shots.append((district_cookie, "14-district-editor-buildings", "/buildings/"))
            for cookie, name, path in shots:
                context = browser.new_context(viewport=viewport, locale="zh-CN")
                context.add_cookies([{**cookie, "domain": "127.0.0.1"}])
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(400)  # charts finish their first frame
                target = output / f"{name}.png"
                page.screenshot(path=str(target), full_page=options["full_page"])
                self.stdout.write(f"  {target}  ←  {path}")
                context.close()
            self._extra_shots(browser, base, admin_cookie, district_cookie, output)
            login = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
            login.goto(base + "/accounts/login/", wait_until="networkidle")
            login.screenshot(path=str(output / "00-login.png"))
            browser.close()
        self.stdout.write(self.style.SUCCESS(f"截图已保存到 {output}/"))

    def _extra_shots(self, browser, base, admin_cookie, district_cookie, output):
        """The phone cockpit (390×844), the printed cockpit (PDF → PNG) and an import rejected with its errors."""
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2)
        phone.add_cookies([{**admin_cookie, "domain": "127.0.0.1"}])
        page = phone.new_page()
        page.goto(base + "/cockpit/", wait_until="networkidle")
        page.screenshot(path=str(output / "20-cockpit-phone.png"))
        self.stdout.write(f"  {output / '20-cockpit-phone.png'}  ←  /cockpit/（手机 390×844）")
        phone.close()

        # A4 landscape less the margins is ~1040 px wide: laid out at that width, as the browser's own print dialog
        # does after `beforeprint` (headless PDF printing fires no such event).
        printed = browser.new_context(viewport={"width": 1040, "height": 900}, locale="zh-CN")
        printed.add_cookies([{**admin_cookie, "domain": "127.0.0.1"}])
        page = printed.new_page()
        page.goto(base + "/cockpit/", wait_until="networkidle")
        page.wait_for_timeout(400)
        pdf = output / "21-cockpit-print.pdf"
        page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
        printed.close()
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(output / "21-cockpit-print")],
                           check=True)
            pdf.unlink()
            self.stdout.write(f"  {output / '21-cockpit-print.png'}  ←  /cockpit/（打印，A4 横向第 1 页）")
        else:
            self.stdout.write(f"  {pdf}（未安装 poppler-utils 的 pdftoppm，保留 PDF）")

        if district_cookie is None:
            return
        upload = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        upload.add_cookies([{**district_cookie, "domain": "127.0.0.1"}])
        page = upload.new_page()
        page.goto(base + "/imports/upload/", wait_until="networkidle")
        page.select_option("select[name=kind]", "buildings")
        page.set_input_files("input[name=file]", files=[{"name": "楼宇（错误示例）.csv", "mimeType": "text/csv",
                                                         "buffer": ERROR_EXAMPLE.encode("utf-8")}])
        with page.expect_navigation(wait_until="load"):
            page.click("#upload-form button[type=submit]")
        from louyu.jobs.worker import run_queued

        run_queued()  # the upload is a job: run it here (the temporary server has no worker of its own)
        page.wait_for_selector("#import-result", timeout=60_000)
        page.screenshot(path=str(output / "22-import-job-errors.png"), full_page=True)
        self.stdout.write(f"  {output / '22-import-job-errors.png'}  ←  上传有错误的文件后的导入页")
        upload.close()
