from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from louyu.enterprises.models import Enterprise
from louyu.matching.services import enterprises_match


class Command(BaseCommand):
    help = "对数据库中的企业注册地址进行楼宇匹配：确定的自动归属（仅注册），不确定的进入各地区复核队列。"

    def add_arguments(self, parser):
        parser.add_argument("--uscc", nargs="*", help="只匹配这些统一社会信用代码的企业")
        parser.add_argument("--unattributed-only", action="store_true", help="只匹配尚无注册入驻的企业")
        parser.add_argument("--no-attribute", action="store_true", help="只记录匹配结果，不自动生成入驻")
        parser.add_argument("--user", help="以该用户身份执行（记入审计）；缺省为系统")

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"用户不存在：{options['user']}") from exc
        qs = Enterprise.objects.exclude(registered_address="").order_by("pk")
        if options["uscc"]:
            qs = qs.filter(uscc__in=options["uscc"])
        if options["unattributed_only"]:
            qs = qs.exclude(tenancies__kind__in=["registered_present", "registered_only"])
        counts = enterprises_match(enterprises=qs.iterator(chunk_size=2000), actor=actor, attribute=not options["no_attribute"])
        self.stdout.write(
            f"匹配 {counts['matched']} 家（其中新归属 {counts['attributed']} 家），待复核 {counts['review']} 家，"
            f"无匹配 {counts['none']} 家，已复核保持 {counts['kept']} 家"
        )
