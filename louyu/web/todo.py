"""待办: what waits for this user, on the page they open first — each count read through the permission
module, each a link to where the work is done."""
from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from louyu.core import permissions
from louyu.indicators import selectors as indicator_selectors
from louyu.indicators.models import AlertStatus
from louyu.intake import selectors as intake_selectors
from louyu.matching import selectors as matching_selectors
from louyu.matching.models import MatchStatus


def todo_for(user) -> dict:
    """Counts of the work waiting for `user` and their latest imports (a read-only role has none)."""
    items = []
    if permissions.can_edit_any(user):
        waiting = dict(matching_selectors.decidable_for(user).order_by().values_list("status").annotate(n=Count("pk")))
        items += [
            ("待复核地址", waiting.get(MatchStatus.REVIEW, 0), reverse("matching:review_queue")),
            ("无匹配企业", waiting.get(MatchStatus.NONE, 0), reverse("matching:unmatched")),
        ]
    alerts = indicator_selectors.alerts_for(user).order_by().aggregate(
        new=Count("pk", filter=Q(status=AlertStatus.NEW)),
        mine=Count("pk", filter=Q(assigned_to=user.pk) & ~Q(status=AlertStatus.HANDLED)),
    )
    items.append(("新预警", alerts["new"], reverse("web:alert_list") + "?status=new"))
    if alerts["mine"]:
        items.append(("指派给我的预警", alerts["mine"], reverse("web:alert_list") + "?mine=on"))
    imports = list(intake_selectors.imports_for(user).filter(actor=user).order_by("-started_at")[:3]) if user.is_authenticated else []
    return {"items": items, "imports": imports}
