"""企业名录 and 企业画像 (enterprise profile)."""
from __future__ import annotations

from django.urls import reverse

from louyu.core import audit, permissions
from louyu.core.views import Column, ObjectDetailView
from louyu.enterprises import services as enterprise_services
from louyu.enterprises.filters import EnterpriseFilterSet
from louyu.enterprises.models import Enterprise, TaxRecord, Tenancy

from . import figures
from .common import chart_number, freshness, role_flags
from .forms import EnterpriseForm
from .registers_io import RegisterEditView, RegisterListView


def _industry(obj):
    return f"{obj.industry.code} {obj.industry.name}" if obj.industry_id else ""


class EnterpriseListView(RegisterListView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("district", "industry")
    filterset_class = EnterpriseFilterSet
    title = "企业名录"
    export_name = "企业名录"
    detail_url_name = "web:enterprise_detail"
    add_url_name = "web:enterprise_add"
    edit_url_name = "web:enterprise_edit"
    kind = "enterprises"
    default_sort = "uscc"
    columns = (
        Column("uscc", "统一社会信用代码", sort="uscc", link=True),
        Column("name", "企业名称", sort="name", link=True),
        Column("industry", "行业", value=_industry, sort="industry_id"),
        Column("district", "归属地区", value=lambda o: o.district.name if o.district_id else "", sort="district__order,uscc"),
        Column("established_on", "成立日期", sort="established_on"),
        Column("registered_capital", "注册资本(万元)", sort="registered_capital", numeric=True),
        Column("employees", "从业人数", sort="employees", numeric=True),
        Column("verification", "核实状态", sort="verification"),
    )



class EnterpriseDetailView(ObjectDetailView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("district", "industry__parent")
    template_name = "web/enterprise_detail.html"

    def get_context_data(self, **context):
        enterprise = context["object"]
        user = self.request.user
        tenancies = permissions.restrict(
            Tenancy.objects.filter(enterprise=enterprise).select_related("building__district"), user, permissions.VIEW
        ).order_by("move_in")
        taxes = list(permissions.restrict(TaxRecord.objects.filter(enterprise=enterprise), user, permissions.VIEW).order_by("period"))
        context.update(
            **freshness(), tenancies=list(tenancies), taxes=taxes[-36:], tax_count=len(taxes),
            tax_chart={"x": [t.period.strftime("%Y-%m") for t in taxes], "series": [{"name": "全口径税收(元)", "data": [chart_number(t.total_tax) for t in taxes]}]},
            attribution=figures.enterprise_attribution(enterprise, user=user),
            featured=figures.featured_categories_of(enterprise),
            history=audit.history_of(enterprise)[:30],
            **role_flags(user),
        )
        return context


class EnterpriseEditView(RegisterEditView):
    model = Enterprise
    form_class = EnterpriseForm
    title = "企业"
    create_service = staticmethod(enterprise_services.enterprise_create)
    update_service = staticmethod(enterprise_services.enterprise_update)
    update_keyword = "enterprise"

    def success_url(self, obj):
        return reverse("web:enterprise_detail", args=[obj.pk])
