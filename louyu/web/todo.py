"""待办: what waits for this user, on the page they open first — each count read through the permission
module, each a link to where the work is done."""
from __future__ import annotations

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
        decidable = matching_selectors.decidable_for(user)
        items += [
            ("待复核地址", decidable.filter(status=MatchStatus.REVIEW).count(), reverse("matching:review_queue")),
            ("无匹配企业", decidable.filter(status=MatchStatus.NONE).count(), reverse("matching:unmatched")),
        ]
    alerts = indicator_selectors.alerts_for(user)
    items.append(("新预警", alerts.filter(status=AlertStatus.NEW).count(), reverse("web:alert_list") + "?status=new"))
    mine = alerts.filter(assigned_to=user).exclude(status=AlertStatus.HANDLED).count()
    if mine:
        items.append(("指派给我的预警", mine, reverse("web:alert_list") + "?mine=on"))
    imports = list(intake_selectors.imports_for(user).filter(actor=user).order_by("-started_at")[:3]) if user.is_authenticated else []
    return {"items": items, "imports": imports}
