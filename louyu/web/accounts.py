"""修改密码 (required at first login) and 审计日志 (the audit administrator's review of the audit trail)."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse_lazy

from louyu.core import permissions
from louyu.accounts.services import password_changed
from louyu.core.models import AuditAction, AuditEntry
from louyu.core.pagination import page_of
from louyu.geo.models import District

from .common import role_flags


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form):
        from louyu.core.middleware import PasswordExpiryMiddleware

        response = super().form_valid(form)
        password_changed(user=self.request.user)  # the first-login flag goes
        self.request.session.pop(PasswordExpiryMiddleware.SESSION_FLAG, None)  # and so does an expired password's
        messages.success(self.request, "密码已修改。")
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **role_flags(self.request.user)}


def _date(value: str | None):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def audit_log(request):
    """The whole audit trail, filtered by who, what, where, when — for the audit administrator only."""
    if not permissions.can_review_audit(request.user):
        raise PermissionDenied("审计日志仅审计管理员可查看")
    entries = permissions.restrict(AuditEntry.objects.select_related("content_type"), request.user, permissions.VIEW)
    q = request.GET
    if q.get("actor"):
        entries = entries.filter(actor_label__icontains=q["actor"])
    if q.get("action") in AuditAction.values:
        entries = entries.filter(action=q["action"])
    if q.get("type", "").isdigit():
        entries = entries.filter(content_type_id=int(q["type"]))
    if q.get("district", "").isdigit():
        entries = entries.filter(district_id=int(q["district"]))
    if _date(q.get("since")):
        entries = entries.filter(timestamp__date__gte=_date(q["since"]))
    if _date(q.get("until")):
        entries = entries.filter(timestamp__date__lte=_date(q["until"]))
    if q.get("object"):
        entries = entries.filter(object_repr__icontains=q["object"])
    page = page_of(entries.order_by("-timestamp", "-id"), 100, q.get("page"))
    types = ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type_id").distinct())
    districts = list(District.objects.order_by("order"))
    names = {d.pk: d.name for d in districts}
    for entry in page:  # the entry keeps the district's id as it was; the page shows its name
        entry.district_name = names.get(entry.district_id, "")
    context = {"page": page, "actions": AuditAction.choices, "districts": districts,
               "types": sorted(types, key=lambda t: str(t.model_class()._meta.verbose_name) if t.model_class() else t.model),
               "query": q, "query_string": q.copy().urlencode() if not q.get("page") else _without_page(q),
               **role_flags(request.user)}
    return render(request, "web/audit_log.html", context)


def _without_page(q) -> str:
    copy = q.copy()
    copy.pop("page", None)
    return copy.urlencode()
