from django.core.management.base import BaseCommand, CommandError

from louyu.demo.generator import DemoDataExists, DemoDataProtected, generate_demo_data


def scale_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--scale 应为数字，实际为“{text}”") from None
    if value <= 0:
        raise CommandError("--scale 必须大于 0")
    return value


class Command(BaseCommand):
    help = ("生成可复现的苏州演示数据（楼宇、项目、企业、入驻、2021 年至生成日前最后一个完整月的月度税收、运营报告），"
            "与附件1的1万㎡以上楼宇数和亿元楼宇数一致。已有演示数据或楼宇时需加 --replace。")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2023, help="随机种子（默认 2023）；相同种子和规模生成完全相同的数据")
        parser.add_argument("--scale", type=scale_value, default=1.0,
                            help="企业规模倍数（默认 1，约 8,000 家企业；10 约 8 万家、380 万条税收记录）。楼宇数量不随规模变化")
        parser.add_argument("--replace", "--force", action="store_true", dest="replace",
                            help="先删除已有演示数据再生成（非演示数据保留）")
        parser.add_argument("--as-of", metavar="YYYY-MM", default=None,
                            help="数据截至该月（税收、运营报告、入驻只保留到该月末；工作推进的进展报告报到该月末），"
                                 "用于测试和截图；默认为生成日前最后一个完整月")

    def handle(self, *args, **options):
        try:
            generate_demo_data(seed=options["seed"], scale=options["scale"], stdout=self.stdout,
                               replace=options["replace"], as_of=options["as_of"])
        except (DemoDataExists, DemoDataProtected, ValueError) as exc:
            raise CommandError(str(exc)) from exc
