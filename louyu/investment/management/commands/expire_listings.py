"""louyu expire-listings: apply the staleness rule to every open listing (run daily, e.g. from cron)."""
import datetime as dt

from django.core.management.base import BaseCommand

from louyu.investment.services import vacant_units_expire


class Command(BaseCommand):
    help = "可招商空间超期未确认：标记待确认，再超期则下架"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="按该日期判断（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        counts = vacant_units_expire(today=today, actor="louyu expire-listings")
        self.stdout.write(f"标记待确认 {counts['stale']:,} 处，下架 {counts['withdrawn']:,} 处")
