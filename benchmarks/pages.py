"""Page benchmark (`louyu bench` calls `run_page_bench`): 20 concurrent clients against gunicorn on
127.0.0.1, on the city ×10 demo data; p50/p95 per page, measured by the clients and by the server
(gunicorn's own request time). Writes the "## 页面响应 (pages)" section of docs/performance.md.

It never touches your database: it works in the benchmark database of its scale (`louyu_bench_x10` for ×10, shared
with the indicator benchmark, on the server of DATABASE_URL; LOUYU_BENCH_PAGES_DATABASE_URL overrides it),
generated once and reused.
Run alone: `python -m benchmarks.pages --output docs/performance.md`.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import common

SECTION = "## 页面响应 (pages)"
CLIENTS = 20
DURATION_S = 30.0  # load phase length; every client also stops after MAX_REQUESTS_PER_CLIENT
MAX_REQUESTS_PER_CLIENT = 2000
SEED, SCALE = 2023, 10.0
# As behind the TLS proxy of a deployment: without DEBUG the platform redirects plain HTTP to HTTPS.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


def bench_url(scale: float = SCALE) -> str:
    return common.database_url(common.scale_database(scale), override_env="LOUYU_BENCH_PAGES_DATABASE_URL")


# --- preparation (runs in a subprocess with DATABASE_URL = the bench database) -----------------------

def prepare(seed: int, scale: float) -> dict:
    """Migrate, load the ×10 demo data once, compute the facts, sign two users in; return the plan."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "louyu.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from louyu.buildings.models import Building
    from louyu.core.models import Role
    from louyu.accounts.models import UserProfile
    from louyu.enterprises.models import Enterprise, TaxRecord, Tenancy
    from louyu.geo.models import District

    from louyu.web.management.commands.screenshots import session_cookie

    call_command("init", verbosity=0, stdout=open(os.devnull, "w"))
    generator = "louyu demo-data"
    if not Building.objects.exists():
        call_command("demo_data", seed=seed, scale=scale, stdout=sys.stderr)
    try:
        from louyu.indicators.models import BuildingYear
    except ImportError:
        BuildingYear = None
    if BuildingYear is not None and not BuildingYear.objects.exists():
        from louyu.indicators.engine import compute

        compute()
    common.year_partitions()
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_active": True})
    UserProfile.objects.update_or_create(user=admin, defaults={"role": Role.CITY_ADMIN})
    gusu = District.objects.get(name="姑苏区")
    editor, _ = User.objects.get_or_create(username="bench-gusu", defaults={"is_active": True})
    UserProfile.objects.update_or_create(user=editor, defaults={"role": Role.DISTRICT_EDITOR, "district": gusu})
    rng = random.Random(seed)
    building_ids = list(Building.objects.values_list("pk", flat=True))
    enterprise_ids = list(Enterprise.objects.filter(tenancies__isnull=False).values_list("pk", flat=True).distinct()[:5000])
    return {
        "cookies": {"admin": session_cookie(admin)["value"], "editor": session_cookie(editor)["value"]},
        "districts": list(District.objects.values_list("pk", flat=True)),
        "gusu": gusu.pk,
        "buildings": rng.sample(building_ids, min(200, len(building_ids))),
        "enterprises": rng.sample(enterprise_ids, min(200, len(enterprise_ids))),
        "data": {"buildings": len(building_ids), "enterprises": Enterprise.objects.count(),
                 "tenancies": Tenancy.objects.count(), "tax": TaxRecord.objects.count()},
        "generator": generator, "seed": seed, "scale": scale,
    }


# --- load generation --------------------------------------------------------------------------------

PAGES = ["全市驾驶舱", "地区页", "楼宇画像", "楼宇名录", "楼宇名录（筛选+排序）", "企业名录", "企业画像", "地图数据"]


def page_path(kind: str, plan: dict, rng: random.Random) -> str:
    if kind == "全市驾驶舱":
        return "/cockpit/"
    if kind == "地区页":
        return f"/districts/{rng.choice(plan['districts'])}/"
    if kind == "楼宇画像":
        return f"/buildings/{rng.choice(plan['buildings'])}/"
    if kind == "楼宇名录":
        return f"/buildings/?page={rng.randint(1, 10)}"
    if kind == "楼宇名录（筛选+排序）":
        return f"/buildings/?district={rng.choice(plan['districts'])}&sort=-office_area"
    if kind == "企业名录":
        return f"/enterprises/?page={rng.randint(1, 100)}"
    if kind == "企业画像":
        return f"/enterprises/{rng.choice(plan['enterprises'])}/"
    return "/map/buildings.json"


def all_paths(plan: dict) -> list[tuple[str, str]]:
    """Every URL the load phase can request, by page kind (for the first-visit pass and the warm-up)."""
    paths = [("全市驾驶舱", "/cockpit/"), ("地图数据", "/map/buildings.json")]
    paths += [("地区页", f"/districts/{d}/") for d in plan["districts"]]
    paths += [("楼宇画像", f"/buildings/{b}/") for b in plan["buildings"]]
    paths += [("楼宇名录", f"/buildings/?page={p}") for p in range(1, 11)]
    paths += [("楼宇名录（筛选+排序）", f"/buildings/?district={d}&sort=-office_area") for d in plan["districts"]]
    paths += [("企业名录", f"/enterprises/?page={p}") for p in range(1, 101)]
    paths += [("企业画像", f"/enterprises/{e}/") for e in plan["enterprises"]]
    return paths


def kind_of(path: str) -> str:
    if path.startswith("/cockpit/"):
        return "全市驾驶舱"
    if path.startswith("/districts/"):
        return "地区页"
    if path.startswith("/buildings/?district"):
        return "楼宇名录（筛选+排序）"
    if path.startswith("/buildings/?"):
        return "楼宇名录"
    if path.startswith("/buildings/"):
        return "楼宇画像"
    if path.startswith("/enterprises/?"):
        return "企业名录"
    if path.startswith("/enterprises/"):
        return "企业画像"
    return "地图数据"


def client_loop(port: int, cookie: str, plan: dict, seed: int, deadline: float, out: list, errors: list) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"sessionid={cookie}", "Connection": "keep-alive", **BEHIND_TLS}
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        kind = PAGES[rng.randrange(len(PAGES))]
        path = page_path(kind, plan, rng)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        out.append((kind, elapsed))
    conn.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_load(url: str, plan: dict, *, clients: int = CLIENTS, duration: float = DURATION_S, workers: int | None = None) -> dict:
    from louyu.web.management.commands.serve import gunicorn_argv

    # CPU-bound pages: more sync workers than cores only time-slice the same cores (see the report).
    workers = workers or (os.cpu_count() or 1)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="louyu-bench-access-", suffix=".log", delete=False)
    log.close()
    # The later --access-logfile wins over serve's "-": the log goes to a file we parse.
    extra = ("--access-logfile", log.name, "--access-logformat", "%(U)s?%(q)s\t%(D)s\t%(s)s", "--error-logfile", "-",
             "--log-level", "warning")
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="louyu.settings", DEBUG="0")
    argv = gunicorn_argv(f"127.0.0.1:{port}", workers, extra=extra)
    server = subprocess.Popen(argv, env=env)
    try:
        _wait(port)
        cookie = plan["cookies"]["admin"]
        # First visits, one at a time: the cost of a page whose figures no worker has cached yet.
        first_visit: dict[str, list[float]] = {}
        for kind, path in all_paths(plan):
            started = time.perf_counter()
            _get(port, path, cookie)
            first_visit.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        for _ in range(workers):  # then every worker sees every URL, as after a morning's use
            for _, path in all_paths(plan):
                _get(port, path, cookie)
        Path(log.name).write_text("")
        samples: list = []
        errors: list = []
        deadline = time.monotonic() + duration
        threads = [threading.Thread(target=client_loop, args=(port, cookie, plan, i, deadline, samples, errors)) for i in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        time.sleep(0.5)  # let gunicorn flush its access log
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_ms: dict[str, list[float]] = {}
    for line in Path(log.name).read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        path = parts[0].rstrip("?")
        server_ms.setdefault(kind_of(path), []).append(int(parts[1]) / 1000)
    os.unlink(log.name)
    client_ms: dict[str, list[float]] = {}
    for kind, ms in samples:
        client_ms.setdefault(kind, []).append(ms)
    rows = []
    for kind in PAGES:
        c, s = client_ms.get(kind, []), server_ms.get(kind, [])
        cold = first_visit.get(kind, [])
        rows.append({"page": kind, "requests": len(c), "client_p50": percentile(c, .5), "client_p95": percentile(c, .95),
                     "server_p50": percentile(s, .5), "server_p95": percentile(s, .95),
                     "first_p50": percentile(cold, .5), "first_p95": percentile(cold, .95), "first_n": len(cold)})
    return {"rows": rows, "total": len(samples), "wall_s": wall, "rps": len(samples) / wall if wall else 0,
            "errors": errors[:10], "error_count": len(errors), "workers": workers, "clients": clients}


def _get(port: int, path: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", **BEHIND_TLS})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def _wait(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _get(port, "/accounts/login/", "")
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("基准服务未能启动")


# --- the report ---------------------------------------------------------------------------------------

def render(f: dict) -> str:
    d = f["data"]
    lines = [
        SECTION, "",
        f"测得于 {f['when']}，{f['machine']}（开始时系统负载 {f['loadavg']}）；gunicorn {f['load']['workers']} 个同步工作进程（= CPU 核数），"
        f"{f['load']['clients']} 个并发客户端"
        f"（Python 负载程序，keep-alive，随机页面与随机对象），持续 {f['duration']:.0f} 秒，数据库 {f['database']}。"
        f"数据：{f['generator']}（seed {f['seed']}，scale {f['scale']:g}）——楼宇 {d['buildings']:,} 幢、企业 {d['enterprises']:,} 家、"
        f"入驻 {d['tenancies']:,} 条、税收 {d['tax']:,} 条。", "",
        "服务器时间 = gunicorn 记录的请求处理时间（不含排队）；客户端时间 = 负载程序测得的往返时间（含 20 个并发请求在 "
        f"{f['load']['workers']} 个工作进程前的排队）。页面读取预计算的指标事实表，图表数据按“最近一次 louyu compute”缓存在各工作进程中；"
        "测量前先逐一访问每个页面（“首次访问”列：单个客户端、缓存未命中的耗时），再让每个工作进程各访问一遍，然后 20 个客户端随机访问。", "",
        "| 页面 | 请求数 | 服务器 p50 (ms) | 服务器 p95 (ms) | 客户端 p50 (ms) | 客户端 p95 (ms) | 首次访问 p50 / p95 (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in f["load"]["rows"]:
        lines.append(f"| {r['page']} | {r['requests']:,} | {r['server_p50']:.1f} | {r['server_p95']:.1f} | "
                     f"{r['client_p50']:.1f} | {r['client_p95']:.1f} | {r['first_p50']:.0f} / {r['first_p95']:.0f}（{r['first_n']} 个） |")
    lines += [
        "", f"合计 {f['load']['total']:,} 个请求，{f['load']['rps']:.0f} 请求/秒，错误 {f['load']['error_count']} 个。"
        "目标：驾驶舱、地区页、楼宇页和名录页服务器 p95 ≤ 100 ms。", "",
        "复现：`make bench`（全部基准）或只测页面：`louyu bench --only pages`，"
        "单独运行：`.venv/bin/python -m benchmarks.pages --output docs/performance.md`。"
        f"基准库 `{f['database_name']}` 由 `louyu demo-data --seed {f['seed']} --scale {f['scale']:g}` 生成一次并复用"
        "（与指标计算基准共用；`LOUYU_BENCH_PAGES_DATABASE_URL` 可指定其他库）。", "",
    ]
    return "\n".join(lines)


def run_page_bench(output_path, *, seed: int = SEED, scale: float = SCALE, duration: float = DURATION_S,
                   clients: int = CLIENTS, write: bool = True) -> dict:
    url = bench_url(scale)
    common.database_ensure(url)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="louyu.settings")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.pages", "--prepare", "--seed", str(seed), "--scale", str(scale)],
                          env=env, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    if proc.returncode != 0:
        raise RuntimeError("页面基准数据准备失败")
    plan = json.loads(proc.stdout.strip().splitlines()[-1])
    loadavg = " / ".join(f"{x:.1f}" for x in os.getloadavg())  # other work on the machine, before ours
    load = run_load(url, plan, clients=clients, duration=duration)
    figures = {
        "when": time.strftime("%Y-%m-%d %H:%M"), "loadavg": loadavg, "machine": f"{os.cpu_count()} 核 {platform.machine()}，Python {platform.python_version()}",
        "database": "PostgreSQL（`" + url.rsplit("/", 1)[-1] + "`）", "database_name": url.rsplit("/", 1)[-1], "duration": duration, "load": load, **plan,
    }
    figures.pop("cookies", None)
    if write:
        common.write_section(output_path, SECTION, render(figures))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="页面响应基准")
    parser.add_argument("--prepare", action="store_true", help="（内部）准备基准库并输出计划")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=SCALE)
    parser.add_argument("--duration", type=float, default=DURATION_S)
    parser.add_argument("--output", default="docs/performance.md")
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.seed, args.scale)))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "louyu.settings")
    figures = run_page_bench(args.output, seed=args.seed, scale=args.scale, duration=args.duration)
    print(render(figures))


if __name__ == "__main__":
    main()
