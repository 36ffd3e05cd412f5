"""Display helpers of the programme pages (display only; the figures stay exact in the data)."""
from django import template

register = template.Library()


@register.filter
def attr(obj, name):
    """A field of a model row or a key of a dict (附件1 columns by name)."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


@register.filter
def wan_yuan(value):
    """元 (float) → '1,234 万元'."""
    if value is None:
        return "—"
    return f"{value / 10_000:,.0f} 万元"


@register.filter
def yi_yuan(value):
    if value is None:
        return "—"
    return f"{value / 100_000_000:,.2f} 亿元"


@register.filter
def pct0(value):
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f}%"


@register.filter
def count1(value):
    return "—" if value is None else f"{value:.1f}"
