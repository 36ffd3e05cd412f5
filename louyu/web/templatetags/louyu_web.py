"""Template filters: who the user is (for the layout) and how figures are shown (亿元, %, tiers)."""
from django import template
from django.utils.html import format_html

from louyu.core import permissions
from louyu.reports import fmt

from .. import common

register = template.Library()


@register.filter
def role_of(user):
    return permissions.role_of(user)


@register.filter
def district_of(user):
    return permissions.district_of(user)


@register.filter
def can_edit_any(user):
    return permissions.can_edit_any(user)


@register.filter
def can_import_any(user):
    from ..imports import upload_kinds

    return any(permissions.can_import(user, k) for k, _ in upload_kinds())


@register.filter
def in_yi_yuan(value):
    """元 → 亿元 with thousands separators: 1.23 (headline figures)."""
    return common.in_yi_yuan(value)


@register.filter
def in_wan_yuan(value):
    """元 → 万元 with thousands separators: 1,234.5."""
    return common.in_wan_yuan(value)


@register.filter
def yuan(value):
    """元 to the cent with thousands separators (traceability pages): 12,345,678.90."""
    return common.yuan(value)


@register.filter
def area(value):
    """㎡ with thousands separators, decimals only where the register has them: 30,000 or 1,234.50."""
    return common.area(value)


@register.filter
def count(value):
    """A count with thousands separators: 12,345 (the reports' formatter: one way to write a count)."""
    return fmt.count(value)


@register.filter
def pct(value):
    return common.percent(value)


@register.filter
def growth(value):
    """A year-on-year ratio as '+12.3%' with a colour class."""
    return common.growth_html(value)


@register.simple_tag
def stale_notice(as_of):
    """A warning beside the as-of date when the latest tax data are older than the city allows."""
    months = common.months_stale(as_of) if hasattr(as_of, "year") else None  # a page without the date: nothing
    if months is None:
        return ""
    return format_html('<span class="stale" id="stale-banner">数据截至 {}年{}月，已 {} 个月未更新</span>', as_of.year, as_of.month, months)


@register.filter
def tier_badge(tier):
    if not tier:
        return ""
    from louyu.indicators.definitions import tier_label

    return format_html('<span class="badge t{}">{}</span>', tier, tier_label(tier))


@register.filter
def yesno_cn(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def filter_fields(form):
    from ..rows import filter_form_html

    return filter_form_html(form)


@register.filter
def audit_changes(entry):
    """An audit entry's changes with Chinese field and choice labels (louyu.core.audit.readable_changes)."""
    from louyu.core.audit import readable_changes

    return readable_changes(entry)


@register.filter
def verbose_name(model):
    """A model class's Chinese name (audit log)."""
    return model._meta.verbose_name if model is not None else ""


@register.filter
def can_review_audit(user):
    return permissions.can_review_audit(user)
