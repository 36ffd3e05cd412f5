from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "初始化：执行数据库迁移并加载城市参考数据（地区、街道、行业分类、特色产业、附件1、附件2）。可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true", help="跳过数据库迁移")

    def handle(self, *args, **options):
        from louyu.core.reference import reference_data_load

        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        counts = reference_data_load()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS("初始化完成"))
