"""louyu import KIND PATH [--dry-run] [--errors ERRORS.csv] [--valid-rows-only] [--user USERNAME]"""

from django.core.management.base import BaseCommand, CommandError

from louyu.core import spreadsheets
from louyu.intake.models import ImportBatch, ImportStatus
from louyu.intake.readers import sha256_of

from ._common import check_kind, kind_help, user_named

SHOWN = 20


class Command(BaseCommand):
    help = "导入 Excel/CSV 文件（.xlsx、.xls、.csv）：先校验全部行，有错误则整个文件不写入（除非 --valid-rows-only）。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help=kind_help())
        parser.add_argument("path", help="要导入的文件路径")
        parser.add_argument("--dry-run", action="store_true", help="试导入：只校验并统计将新增/更新的行数，不写入")
        parser.add_argument("--errors", metavar="ERRORS.csv", help="把全部错误（行号, 列, 值, 原因）写入此 CSV 文件")
        parser.add_argument("--valid-rows-only", action="store_true", help="仅导入有效行（有错误的行跳过）")
        parser.add_argument("--user", metavar="USERNAME", help="以该用户身份导入（按其角色和地区限制）；不指定则为系统导入")
        parser.add_argument("--department", default="", help="报送部门（记入数据来源），如 市税务局")
        parser.add_argument("--passwords", metavar="PASSWORDS.csv",
                            help="导入账户（users）时，把各账户的首次登录密码写入此文件（仅本人可读）；不指定则打印")

    def handle(self, *args, kind, path, dry_run, errors, valid_rows_only, user, department, passwords=None, **options):
        check_kind(kind)
        actor = user_named(user)
        error_file = open(errors, "w", encoding="utf-8-sig", newline="") if errors else None
        try:
            writer = spreadsheets.csv_writer(error_file) if error_file else None
            if writer:
                writer.writerow(["行号", "列", "值", "原因"])
            sink = (lambda e: writer.writerow([e["row"] or "", e["column"], e["value"], e["reason"]])) if writer else None
            batch = self._run(kind, path, actor, dry_run, valid_rows_only, department, sink)
        finally:
            if error_file:
                error_file.close()
        self._summary(batch, errors)
        self._passwords(getattr(batch, "passwords", None), passwords)
        if batch.status == ImportStatus.REJECTED:
            raise CommandError("导入被拒绝，未写入任何数据" + (f"；错误清单见 {errors}" if errors else "；可用 --errors 导出错误清单"))

    def _run(self, kind, path, actor, dry_run, valid_rows_only, department, sink) -> ImportBatch:
        """The import as a job run here (recorded, shown on the pages, never twice at once for one file). Accounts
        are the exception: their first passwords exist only in this process (a job's result is stored)."""
        from pathlib import Path

        if kind == "users":
            from louyu.intake.services import import_file

            if not Path(path).is_file():
                raise CommandError(f"文件不存在：{path}")
            return import_file(kind=kind, path_or_file=Path(path), actor=actor, dry_run=dry_run, valid_rows_only=valid_rows_only,
                               channel="cli", department=department, error_sink=sink)

        from louyu.jobs.cli import ProgressPrinter
        from louyu.jobs.models import JobStatus
        from louyu.jobs.services import JobBusy, job_run_inline

        try:
            sha256 = sha256_of(path)
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{path}") from None
        args = {"kind": kind, "path": str(Path(path).resolve()), "file_name": Path(path).name, "sha256": sha256,
                "dry_run": dry_run, "valid_rows_only": valid_rows_only, "channel": "cli", "department": department,
                "keep": True}
        printer = ProgressPrinter(self.stderr)
        try:
            job = job_run_inline(kind="import", args=args, actor=actor, channel="cli", echo=printer,
                                 extras={"error_sink": sink})
        except JobBusy as exc:
            raise CommandError(str(exc)) from None
        printer.close()
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.message)
        return ImportBatch.objects.get(pk=job.result["batch"])

    def _passwords(self, created, path):
        """The first passwords of imported accounts: shown once, never stored by the platform."""
        if not created:
            return
        if path:
            import os

            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
                writer = spreadsheets.csv_writer(fh)
                writer.writerow(["用户名", "首次登录密码"])
                writer.writerows(created)
            self.stdout.write(f"{len(created)} 个账户的首次登录密码已写入 {path}（仅本人可读）；首次登录后须修改。")
            return
        self.stdout.write("首次登录密码（仅显示这一次，首次登录后须修改）：")
        for username, password in created:
            self.stdout.write(f"  {username}\t{password}")

    def _summary(self, batch, errors_path):
        out = self.stdout
        out.write(f"{batch.get_kind_display()}：{batch.file_name}（SHA-256 {batch.file_sha256[:12]}…，导入记录 #{batch.pk}）")
        out.write(
            f"状态：{batch.get_status_display()}{'（试导入，未写入）' if batch.dry_run else ''}；数据行 {batch.rows_total}，"
            f"新增 {batch.rows_inserted}，更新 {batch.rows_updated}，未变化 {batch.rows_unchanged}，有错误 {batch.rows_rejected}"
        )
        for title, items in (("跳过的行", batch.skipped), ("警告", batch.warnings), ("错误", batch.errors)):
            if not items:
                continue
            out.write(f"{title}（{len(items)}）：")
            for item in items[:SHOWN]:
                where = f"第{item['row']}行 " if item.get("row") else ""
                column = f"[{item['column']}] " if item.get("column") else ""
                value = f"“{item['value']}” " if item.get("value") else ""
                out.write(f"  {where}{column}{value}{item['reason']}")
            if len(items) > SHOWN:
                out.write(f"  ……另有 {len(items) - SHOWN} 条" + (f"（全部错误见 {errors_path}）" if errors_path and title == "错误" else ""))
