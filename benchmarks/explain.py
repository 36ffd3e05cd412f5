"""The heaviest queries the engine and the pages run, with EXPLAIN (ANALYZE, BUFFERS), on a benchmark database
(`louyu bench --growth` runs it at the largest scale). Writes the "## PostgreSQL 查询计划 (EXPLAIN)" section.

The queries are found by measurement, not chosen by hand: a routine full `compute()` and one visit to every
page kind run under Django's query capture, and the statements that took longest are explained again. Writes
are explained inside a transaction that is rolled back; a statement that reads a staging table the engine has
already dropped cannot be explained again and is skipped for the next heaviest.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from . import common

SECTION = "## PostgreSQL 查询计划 (EXPLAIN)"
TOP = 3
PLAN_LINES = 45


class _Rollback(Exception):
    pass


def _explain(sql: str) -> str | None:
    from django.db import DatabaseError, connection, transaction

    lines: list[str] = []
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                lines = [r[0] for r in cursor.fetchall()]
            raise _Rollback
    except _Rollback:
        return "\n".join(lines)
    except DatabaseError:
        return None


def _heaviest(captured, n: int, where: str) -> list[dict]:
    queries = sorted(captured, key=lambda q: -float(q["time"]))
    out, seen = [], set()
    for q in queries:
        sql = q["sql"]
        if not re.match(r"\s*(WITH|SELECT|INSERT|UPDATE|DELETE|CREATE TEMP)", sql, re.I) or sql in seen:
            continue
        seen.add(sql)
        body = re.sub(r"^\s*CREATE TEMP(ORARY)? TABLE \S+ AS ", "", sql, flags=re.I)
        plan = _explain(body)
        if plan is None:
            continue
        out.append({"where": where, "seconds": float(q["time"]), "sql": sql, "plan": plan})
        if len(out) == n:
            break
    return out


def _page_paths() -> list[str]:
    from louyu.buildings.models import Building
    from louyu.enterprises.models import Enterprise
    from louyu.geo.models import District

    building = Building.objects.order_by("pk").values_list("pk", flat=True)[len(Building.objects.all()) // 2]
    enterprise = Enterprise.objects.filter(tenancies__isnull=False).order_by("pk").values_list("pk", flat=True).first()
    district = District.objects.order_by("pk").values_list("pk", flat=True).first()
    return ["/cockpit/", f"/districts/{district}/", f"/buildings/{building}/", "/buildings/?page=5",
            f"/buildings/?district={district}&sort=-office_area", "/enterprises/?page=50", f"/enterprises/{enterprise}/",
            "/map/buildings.json"]


def worker() -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from louyu.indicators import engine

    with CaptureQueriesContext(connection) as captured:
        engine.compute()
    heavy = _heaviest(captured.captured_queries, TOP, "engine")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")  # as behind the TLS proxy
    client.force_login(get_user_model().objects.get(username="bench-admin"))
    for path in _page_paths():  # first visit fills the workers' caches; the second is what users see
        client.get(path)
    with CaptureQueriesContext(connection) as captured:
        for path in _page_paths():
            client.get(path)
    heavy += _heaviest(captured.captured_queries, TOP, "pages")
    return {"queries": heavy, "pg_version": connection.cursor().connection.info.server_version}


def _used(plan: str) -> tuple[list[str], list[str]]:
    """(indexes used, tables or partitions read sequentially) in a plan."""
    indexes = sorted(set(re.findall(r"(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\S+)", plan)))
    seqs = sorted(set(re.findall(r"Seq Scan on (\S+)", plan)))
    return indexes, seqs


def render(result: dict, scale: float, database: str) -> str:
    lines = [SECTION, "",
             f"在 ×{scale:g} 基准库 `{database}` 上测得（`louyu bench --growth` 在最大规模上运行 `benchmarks/explain.py`）：一次日常全量 "
             "`compute()` 与每类页面各访问一次时，用时最长的语句各取三条，再用 EXPLAIN (ANALYZE, BUFFERS) 执行一遍（写语句在回滚的事务里；"
             "引擎的暂存表用完即删，引用它们的语句无法再执行，跳到下一条）。计划只列前 "
             f"{PLAN_LINES} 行；“索引/分区”为计划中实际用到的。", ""]
    for i, q in enumerate(result["queries"], 1):
        indexes, seqs = _used(q["plan"])
        sql = re.sub(r"\s+", " ", q["sql"]).strip()
        plan = q["plan"].splitlines()
        lines += [f"### {i}. {'引擎' if q['where'] == 'engine' else '页面'}：{q['seconds']:.2f} 秒", "",
                  f"语句（截断）：`{sql[:400]}{'…' if len(sql) > 400 else ''}`", "",
                  f"用到的索引：{'、'.join(f'`{x}`' for x in indexes) or '无'}；顺序扫描：{'、'.join(f'`{x}`' for x in seqs) or '无'}。", "",
                  "```", *plan[:PLAN_LINES], *(["…"] if len(plan) > PLAN_LINES else []), "```", ""]
    return "\n".join(lines)


def run_explain(output: str, scale: float) -> dict:
    name = common.scale_database(scale)
    url = common.database_url(name)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="louyu.settings", DEBUG="0")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.explain"], env=env, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    if proc.returncode != 0:
        raise RuntimeError("EXPLAIN 运行失败")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    common.write_section(output, SECTION, render(result, scale, name))
    return result


if __name__ == "__main__":
    print(json.dumps(worker(), ensure_ascii=False))
