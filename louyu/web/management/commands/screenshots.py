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
    process = subprocess.Popen(argv, env=os.environ.copy())
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
    return pages


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
            login = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
            login.goto(base + "/accounts/login/", wait_until="networkidle")
            login.screenshot(path=str(output / "00-login.png"))
            browser.close()
        self.stdout.write(self.style.SUCCESS(f"截图已保存到 {output}/"))
