"""louyu district-moves [--approve ID | --reject ID] [--note 意见]: the city's decisions on district moves."""
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from louyu.enterprises.models import DistrictMove, MoveStatus
from louyu.enterprises.services import district_move_decide


class Command(BaseCommand):
    help = "跨地区迁移申请：列出待审批的申请，或以市级管理员身份批准/驳回（写入审计）。"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--approve", type=int, metavar="ID", help="批准该申请（企业迁入申请的地区）")
        group.add_argument("--reject", type=int, metavar="ID", help="驳回该申请（企业保持原归属地区）")
        parser.add_argument("--note", default="", help="审批意见")
        parser.add_argument("--user", required=False, metavar="USERNAME", help="以该市级管理员账户审批（审计记录的操作人）")

    def handle(self, *args, approve, reject, note, user, **options):
        if approve is None and reject is None:
            for move in DistrictMove.objects.filter(status=MoveStatus.PENDING).select_related("enterprise", "from_district", "to_district"):
                source = move.from_district.name if move.from_district else "—"
                self.stdout.write(f"{move.pk}\t{move.enterprise.uscc}\t{move.enterprise.name}\t{source} → {move.to_district.name}\t{move.requested_at:%Y-%m-%d}")
            return
        if not user:
            raise CommandError("审批须用 --user 指定市级管理员账户")
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"用户“{user}”不存在")
        move = DistrictMove.objects.filter(pk=approve or reject).first()
        if move is None:
            raise CommandError(f"迁移申请 {approve or reject} 不存在")
        try:
            district_move_decide(move=move, approve=approve is not None, actor=actor, note=note)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(str(exc.messages[0] if hasattr(exc, "messages") else exc)) from None
        self.stdout.write(f"已{'批准' if approve else '驳回'}：{move.enterprise.name} → {move.to_district.name}")
