from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("计算全部指标（楼宇月度/年度、产业结构、未归属税收、地区与全市、预警），写入指标事实表。"
            "指定 --year 时计算该年及其所需的上一年；不指定时计算所有有数据的年度。")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度，如 2023（同时计算 2022，以得到新增与同比）")

    def handle(self, *args, **options):
        from louyu.indicators.engine import compute, vacuum_facts
        from louyu.indicators.models import CityYear

        year = options.get("year")
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(f"年度“{year}”不合理")
        result = compute(year=year)
        vacuum_facts()
        from louyu.intake import hooks  # imports whose refresh failed: run their remaining follow-ups now

        hooks.retry_failed()
        if not result.years and not result.district_years:
            self.stdout.write("没有可计算的数据（尚无税收或运营报告）。")
            return
        scope = "、".join(str(y) for y in result.years) or "—"
        self.stdout.write(f"已计算年度：{scope}（地区汇总：{'、'.join(str(y) for y in result.district_years)}），"
                          f"数据截至 {result.horizon:%Y-%m}，月份 {result.months} 个，预警 {result.alerts} 条，"
                          f"用时 {result.seconds:.2f} 秒" if result.horizon else f"已计算地区汇总：{'、'.join(str(y) for y in result.district_years)}")
        if result.steps:
            from louyu.indicators.engine import STEP_LABELS

            self.stdout.write("  各步骤用时：" + "，".join(f"{STEP_LABELS[k]} {v:.2f} 秒" for k, v in result.steps.items()))
        for city in CityYear.objects.filter(year__in=result.years).order_by("year"):
            self.stdout.write(
                f"  {city.year} 年（{city.months} 个月）：全口径税收 {city.total_tax:,.2f} 元（其中未归属 {city.unattributed_tax:,.2f} 元），"
                f"累计亿元楼宇 {city.cumulative_100m} 幢，"
                + (f"新增 {city.new_100m} 幢" if city.new_100m is not None else f"新增未知（{city.year - 1} 年没有全年的税收数据）"))
        self.stdout.write(self.style.SUCCESS("指标计算完成"))
