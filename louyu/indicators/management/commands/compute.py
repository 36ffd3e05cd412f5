from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("计算全部指标（楼宇月度/年度、产业结构、未归属税收、地区与全市、预警），写入指标事实表。"
            "指定 --year 时计算该年及其所需的上一年；不指定时计算所有有数据的年度。"
            "作为后台任务记录（页面“后台任务”可见），同一年度不会同时计算两次。")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度，如 2023（同时计算 2022，以得到新增与同比）")
        parser.add_argument("--queue", action="store_true", help="交给后台工作进程运行，并在此显示进度直到完成")

    def handle(self, *args, **options):
        from louyu.indicators.models import CityYear
        from louyu.jobs.cli import ProgressPrinter, follow
        from louyu.jobs.models import JobStatus
        from louyu.jobs.services import JobBusy, job_run_inline, job_submit

        year = options.get("year")
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(f"年度“{year}”不合理")
        args = {"year": year}
        if options["queue"]:
            job, created = job_submit(kind="compute", args=args, actor=None, channel="cli")
            self.stdout.write(f"任务 #{job.pk}：{job.label}" + ("已排队" if created else "（相同的计算已在进行，跟随该任务）"))
            job = follow(job, self.stdout)
        else:
            printer = ProgressPrinter(self.stdout)
            try:
                job = job_run_inline(kind="compute", args=args, actor=None, channel="cli", echo=printer)
            except JobBusy as exc:
                raise CommandError(str(exc)) from None
            printer.close()
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.message)
        from louyu.intake import hooks  # imports whose refresh failed: run their remaining follow-ups now

        hooks.retry_failed()
        result = job.result
        if not result["years"] and not result["district_years"]:
            self.stdout.write("没有可计算的数据（尚无税收或运营报告）。")
            return
        scope = "、".join(str(y) for y in result["years"]) or "—"
        districts = "、".join(str(y) for y in result["district_years"])
        self.stdout.write(f"已计算年度：{scope}（地区汇总：{districts}），数据截至 {result['horizon'][:7]}，"
                          f"月份 {result['months']} 个，预警 {result['alerts']} 条，用时 {result['seconds']:.2f} 秒"
                          if result["horizon"] else f"已计算地区汇总：{districts}")
        if result["steps"]:
            from louyu.indicators.engine import STEP_LABELS

            self.stdout.write("  各步骤用时：" + "，".join(f"{STEP_LABELS[k]} {v:.2f} 秒" for k, v in result["steps"].items()))
        for city in CityYear.objects.filter(year__in=result["years"]).order_by("year"):
            self.stdout.write(
                f"  {city.year} 年（{city.months} 个月）：全口径税收 {city.total_tax:,.2f} 元（其中未归属 {city.unattributed_tax:,.2f} 元），"
                f"累计亿元楼宇 {city.cumulative_100m} 幢，"
                + (f"新增 {city.new_100m} 幢" if city.new_100m is not None else f"新增未知（{city.year - 1} 年没有全年的税收数据）"))
        self.stdout.write(self.style.SUCCESS("指标计算完成"))
