from __future__ import annotations

from .models import District
from .reference import load_city


def districts_in_order():
    return District.objects.order_by("order")


def district_resolve(text: str | None) -> District | None:
    """The District that `text` names (附件1 name, full name or an alias people write), else None."""
    ref = load_city().resolve_district(text)
    if ref is None:
        return None
    return District.objects.filter(code=ref.division_code).first()
