"""The intake benchmark's report: the "## 数据导入 (intake)" section of docs/performance.md, from the figures
that `benchmarks.intake.run_intake_bench` measured."""
from __future__ import annotations

import time

SECTION = "## 数据导入 (intake)"
ENTERPRISES = 20_000
BENCH_DB = "louyu_bench_intake"  # default name; `db_name` keeps parallel runs apart


def _rate(figure: dict) -> float:
    return figure["rows"] / figure["seconds"]


def _row(label: str, figure: dict, *baselines: float | None, memory: bool = True) -> str:
    """A table row; one ratio column per baseline rate (None: —)."""
    rate = _rate(figure)
    ratios = " | ".join(f"{rate / b:.3f}" if b else "—" for b in baselines)
    mem = f"{figure['maxrss_mb']:.0f} MB" if memory and "maxrss_mb" in figure else "—"
    cpu = f"{figure['cpu_seconds']:.1f}" if "cpu_seconds" in figure else "—"
    return f"| {label} | {figure['rows']:,} | {figure['seconds']:.1f} | {cpu} | {rate:,.0f} | {ratios} | {mem} |"


def _db_seconds(figure: dict) -> float:
    return sum(v for k, v in figure["phases"].items())


def _phase_line(title: str, figure: dict) -> str:
    p = figure["phases"]
    python = figure["seconds"] - _db_seconds(figure)
    return (f"{title}的时间分布（墙钟秒）：导入进程读取、清洗、校验（含等待 CPU）约 {python:.1f}；COPY 进临时表 {p['copy']:.1f}；"
            f"与税收表对比、选出要写的行（写入计划临时表）{p['plan']:.1f}；逐行审计修改 {p['audit']:.1f}；UPDATE {p['update']:.1f}；"
            f"INSERT 新行 {p['insert']:.1f}；其他查询（重复键检查、ANALYZE、受影响范围等）{p['other_sql']:.1f}；"
            f"提交（企业外键逐行检查、WAL 落盘）{p['commit']:.1f}。审计记录 {figure.get('audit_entries', 0):,} 条。"
            + (f"期间服务器产生 WAL {figure['wal_mb']:,.0f} MB（服务器全局计数，含同时运行的其他工作）。" if "wal_mb" in figure else ""))


def report(f: dict) -> str:
    pg, today = f["postgresql"], time.strftime("%Y-%m-%d")
    copy_rate, same_rate = _rate(pg["raw_copy"]), _rate(pg["schema_copy"])
    floor, same, csv_, again = pg["floor"], pg["schema_copy"], pg["csv"], pg["csv_again"]
    xlsx_label = f"税收导入 XLSX（{f['xlsx_rows']:,} 行，{f['xlsx_mb']:.0f} MB，空表）"
    db_name = f.get("db_name", BENCH_DB)
    options = f"--rows {f['rows']} --xlsx-rows {f['xlsx_rows']} --orm-rows {f['orm_rows']} --small-rows {f['small_rows']} " \
              f"--changed-rows {f['changed_rows']}" + ("" if f.get("sqlite_run", True) else " --no-sqlite") + \
              ("" if db_name == BENCH_DB else f" --db-name {db_name}")
    ratio, same_ratio = _rate(csv_) / copy_rate, _rate(csv_) / same_rate
    p = csv_["phases"]
    load = csv_["seconds"] - _db_seconds(csv_) + p["copy"]  # read, clean, validate and COPY into staging (overlapped)
    write = csv_["seconds"] - load
    fks = same.get("foreign_keys", 1)
    on_par = write <= same["seconds"] * 1.2
    lines = [
        SECTION, "",
        f"测量日期 {today}；机器：{f['machine']}，PostgreSQL 15 本机，默认配置（shared_buffers 128MB、max_wal_size 1GB、"
        f"synchronous_commit on）。机器与其他工作共用（开始/结束时 1 分钟负载 {f.get('load_before', 0):.1f} / {f.get('load_after', 0):.1f}），"
        "墙钟时间会有较大波动；“导入进程 CPU 秒”不受他人影响。",
        "",
        f"命令（`make bench` / `louyu bench --only intake` 以默认参数运行同一测量；独立的测试数据库 `{db_name}` 和临时目录，"
        "结束后删除；指标刷新钩子关闭，只测导入本身）：",
        "",
        "```",
        f"louyu bench-intake {options} --output docs/performance.md",
        "```",
        "",
        f"数据：{ENTERPRISES:,} 家企业 × 每月一行，CSV {f['csv_mb']:.0f} MB（UTF-8）。每项在新进程中运行，峰值内存为该进程的最大常驻内存"
        f"（RSS，含 Django 本身约 {pg['baseline']['maxrss_mb']:.0f} MB）。两个对照，比值均为吞吐量之比："
        "“空表 COPY”= 同一 CSV 原样 COPY 进无索引、无约束的空表（只是把文本搬进数据库）；"
        f"“同结构 COPY”= 同样的 {same['rows']:,} 行 COPY 进与税收表列、索引、检查约束、外键（{fks} 个，从系统目录复制）都相同的空表，"
        "计时含提交（外键在提交时检查）；COPY 不能查企业，所以事先（不计时）把 CSV 换成税收表的列：企业 id、所属期首日、金额，"
        "以及导入给新行的值（空明细、数据来源、未核实、导入批次、时间戳）。这是把这些行写进这样一张表的最快方式。",
        "",
        "| PostgreSQL | 行数 | 秒 | 其中导入进程 CPU 秒 | 行/秒 | 相对空表 COPY | 相对同结构 COPY | 峰值内存 |",
        "|---|---|---|---|---|---|---|---|",
        _row("空表 COPY：同一 CSV 原样 COPY 进无索引的空表", pg["raw_copy"], None, None, memory=False),
        _row("同结构 COPY：同样的行 COPY 进与税收表结构相同的空表（含提交）", same, copy_rate, None, memory=False),
        _row("税收导入 CSV（空表，全部新增）", csv_, copy_rate, same_rate),
        _row("税收导入 CSV 再导入一次（全部未变化）", again, copy_rate, same_rate),
        _row(f"更正文件 CSV（{f['changed_rows']:,} 行全部改动：逐行审计旧值→新值）", pg["csv_changed"], copy_rate, same_rate),
        _row(xlsx_label, pg["xlsx"], copy_rate, same_rate),
        _row(f"税收导入 CSV（{f['small_rows']:,} 行，对比内存）", pg["csv_small"], copy_rate, same_rate),
        _row(f"朴素 ORM 循环（{f['orm_rows']:,} 行样本：逐行查企业、update_or_create、写审计）", pg["orm"], copy_rate, same_rate),
        "",
        f"同结构 COPY 的 {same['seconds']:.1f} 秒中，COPY 语句 {same['copy_seconds']:.1f} 秒，提交 {same['commit_seconds']:.1f} 秒。",
        "",
        _phase_line(f"{f['rows']:,} 行 CSV 导入（全部新增）", csv_), "",
        _phase_line("再导入同一文件（全部未变化）", again), "",
        _phase_line(f"更正文件（{f['changed_rows']:,} 行全部改动）", pg["csv_changed"]), "",
        "（COPY 由第二个线程在导入进程读取校验后续行的同时发送，所以“COPY 进临时表”只是导入进程等它的时间：格式化成 COPY 文本加上等前一块写完。）",
        "",
        *([f"XLSX 只生成了 {f['xlsx_rows']:,} 行（生成 {f['xlsx_generate_seconds']:.0f} 秒）；按同样的吞吐量外推，{f['rows']:,} 行约需 "
           f"{f['rows'] / _rate(pg['xlsx']):.0f} 秒。", ""] if f["xlsx_rows"] < f["rows"] else []),
        f"数据库本身的下限（同样 {floor['rows']:,} 行，纯 SQL 一条 INSERT … SELECT 写进与税收表索引、约束、外键相同的空表）："
        f"语句 {floor['insert_seconds']:.1f} 秒，提交 {floor['commit_seconds']:.1f} 秒（PostgreSQL 在提交时逐行检查外键，没有集合式的外键检查）。",
    ]
    if "sqlite" in f:
        lite = f["sqlite"]
        lines += ["", "| SQLite | 行数 | 秒 | 其中导入进程 CPU 秒 | 行/秒 | 相对空表 COPY | 相对同结构 COPY | 峰值内存 |",
                  "|---|---|---|---|---|---|---|---|",
                  _row("税收导入 CSV（空表，全部新增）", lite["csv"], None, None),
                  _row(f"朴素 ORM 循环（{f['orm_rows']:,} 行样本）", lite["orm"], None, None)]
    csv_rate, orm_rate = _rate(csv_), _rate(pg["orm"])
    lines += [
        "",
        "以前的测量（同一命令）：2026-11-25，新增行逐行记审计、税收表 8 个索引、审计表 9 个索引、`INSERT … ON CONFLICT` 写入："
        "CSV 全部新增 130.2 秒（0.006 × 空表 COPY），再导入 28.9 秒，朴素 ORM 循环 126 秒。2026-11-26，本节所述写入路径但"
        "没有下面 1–4 项：CSV 全部新增 22.6 秒（0.033 × 空表 COPY；导入进程 CPU 9.0 秒，其中约 9 µs/行用于读取校验；"
        "重复键检查、计划表等其他查询 1.7 秒；提交 7.0 秒，即两个外键的逐行检查），再导入 10.5 秒。",
        "",
        "写入路径：流式读取、逐行清洗校验 → COPY 进临时暂存表（TEMP，不写 WAL）→ 写入。"
        "税收表在文件涉及的所属期内还没有任何记录时（每月的新文件），所有行都是新增：直接一条 INSERT … SELECT 从暂存表写进税收表，"
        "不做计划表、不做重复键查询（重复的企业+所属期由税收表的唯一约束发现：撤回这条 INSERT，再照常查出重复行逐行报错）。"
        "否则：重复键检查 → 与税收表做一次连接，把新行和值有变化的行写进第二张临时表（计划）→ 对有变化的行写逐行审计"
        "（旧值→新值，锁定这些行）→ 一条 UPDATE → 一条 INSERT。两种情况下新增行都按导入整批记一条审计（见 docs/decisions.md 第 12 条），"
        "未变化的行不写任何东西；整个写入在一个事务里，税收导入之间用一个事务级咨询锁（advisory lock）排队写入。",
        "",
        "相对 2026-11-26 的改进（每项单独测量，保留有效的）："
        "1) 清洗校验的快速路径：已在企业查询缓存中的统一社会信用代码原文（即已清洗、校验过且已登记）、见过的所属期原文、"
        "两位小数的普通金额、已核对过的企业名称直接成行，其余单元格或行照旧走通用清洗校验（规则和报错只有一份）；"
        "2) COPY 文本整块由第二个线程发送，与读取校验重叠；3) TaxRecord.source_batch_id 不建数据库外键约束（导入批次从不删除，"
        "docs/decisions.md 第 14 条），提交时少检查一个外键；4) 新所属期的文件直接写入（见上）。",
        "",
        "结论：",
        "",
        f"- 批量路径比朴素 ORM 循环快 {csv_rate / orm_rate:.0f} 倍；内存与文件大小无关：{f['small_rows']:,} 行 "
        f"{pg['csv_small']['maxrss_mb']:.0f} MB，{f['rows']:,} 行 {csv_['maxrss_mb']:.0f} MB（XLSX {pg['xlsx']['maxrss_mb']:.0f} MB）。"
        "CSV 逐行读取，XLSX 用 lxml iterparse 直接从 zip 流式解析，只有企业查询缓存随登记企业数增长。",
        f"- 相对同结构 COPY 的吞吐量为 {same_ratio:.2f}，"
        + ("**达到 0.5 的目标**。" if same_ratio >= 0.5 else "**未达到 0.5 的目标**。")
        + f"同结构 COPY 用 {same['seconds']:.1f} 秒（其中提交 {same['commit_seconds']:.1f} 秒），导入的写入部分"
        f"（INSERT {p['insert']:.1f}、其他查询 {p['other_sql']:.1f}、提交 {p['commit']:.1f} 秒，共 {write:.1f} 秒）"
        + ("与之相当；" if on_par else f"比它多 {write - same['seconds']:.1f} 秒；")
        + f"导入多出的主要是读取、清洗、校验并 COPY 进暂存表（约 {load:.1f} 秒，导入进程 CPU {csv_['cpu_seconds']:.1f} 秒，"
        f"{csv_['cpu_seconds'] / csv_['rows'] * 1e6:.1f} µs/行）。",
        f"- 相对空表 COPY 的吞吐量为 {ratio:.3f}，"
        + ("达到 0.5 的目标。" if ratio >= 0.5 else "**未达到 0.5 的目标，对一张有索引、约束、外键的表做带校验的更新写入也不可能达到**：")
        + f"空表 COPY 只是把文本搬进无索引、无约束的空表（{pg['raw_copy']['seconds']:.1f} 秒）；"
        f"同样的行只是 COPY 进与税收表结构相同的空表就要 {same['seconds']:.1f} 秒"
        f"（{same_rate / copy_rate:.2f} × 空表 COPY；纯 SQL 的 INSERT … SELECT 也差不多），即使读取校验不花任何时间，导入也只能接近这个比值。",
        f"- 再导入同一文件不写任何行（全部“未变化”），耗时是读取校验加一次与税收表的对比（计划 {again['phases']['plan']:.1f} 秒）。",
        "",
        "English summary: the tax path streams and validates the file in Python (a fast path for canonical cells — a USCC "
        "already in the enterprise lookup, a month string seen before, a plain two-decimal amount, a name already checked; "
        "everything else goes through the one general cleaner and validator), COPYs valid rows into a TEMP staging table "
        "from a second thread while reading on, and then, when the register has no row in the file's months, inserts them "
        "with one INSERT … SELECT (duplicate keys are caught by the unique constraint, then reported row by row); otherwise "
        "it joins the staging table with the register into a TEMP plan, audits updated rows one by one (old → new, rows "
        "locked) and runs one UPDATE and one INSERT. Inserted rows are audited once per import. "
        f"{f['rows']:,} new rows from CSV: {csv_['seconds']:.1f} s ({csv_rate:,.0f} rows/s, {csv_rate / orm_rate:.0f}× a naive "
        f"ORM loop, flat memory). Against a COPY of the same rows into an empty table with the register's own columns, "
        f"indexes, check and foreign key ({same['seconds']:.1f} s incl. commit) that is {same_ratio:.2f}× — "
        f"{'meeting' if same_ratio >= 0.5 else 'short of'} the 0.5× aim; against a COPY of the raw CSV into a bare table "
        f"({pg['raw_copy']['seconds']:.1f} s) it is {ratio:.3f}× — {'meeting' if ratio >= 0.5 else 'short of'} the aim, which "
        f"no write into an indexed, constrained table can reach: the same-schema COPY alone is {same_rate / copy_rate:.2f}× the bare one. "
        f"What the import adds over the same-schema COPY is reading, cleaning and validating ({csv_['cpu_seconds']:.1f} s CPU, "
        f"{csv_['cpu_seconds'] / csv_['rows'] * 1e6:.1f} µs/row); its write ({write:.1f} s incl. the commit's foreign-key checks) "
        + ("is on a par with the COPY's." if on_par else f"takes {write - same['seconds']:.1f} s longer than the COPY."),
    ]
    return "\n".join(lines) + "\n"
