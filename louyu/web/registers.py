"""新建楼宇项目名录 and 存量楼宇改造提升名录: list, export, detail, create/edit."""
from __future__ import annotations

from django.urls import reverse

from louyu.buildings import services as building_services
from louyu.buildings.filters import NewBuildingProjectFilterSet, RenovationProjectFilterSet
from louyu.buildings.models import NewBuildingProject, RenovationProject
from louyu.core import audit, permissions
from louyu.core.views import Column, ObjectDetailView, ObjectEditView

from .common import freshness, role_flags
from .forms import NewBuildingProjectForm, RenovationProjectForm
from .registers_io import RegisterListView


class NewBuildingProjectListView(RegisterListView):
    model = NewBuildingProject
    queryset = NewBuildingProject.objects.select_related("district", "building")
    filterset_class = NewBuildingProjectFilterSet
    title = "新建楼宇项目名录"
    export_name = "新建楼宇项目名录"
    kind = "new_projects"
    detail_url_name = "web:new_project_detail"
    add_url_name = "web:new_project_add"
    edit_url_name = "web:new_project_edit"
    default_sort = "district"
    columns = (
        Column("code", "项目编码", sort="code", link=True),
        Column("name", "项目名称", sort="name", link=True),
        Column("district", "地区", value=lambda o: o.district.name, sort="district__order,code"),
        Column("street", "街道", sort="street"),
        Column("parcel", "地块"),
        Column("planned_area", "计划建筑面积(㎡)", sort="planned_area", numeric=True),
        Column("total_investment", "总投资(元)", sort="total_investment", numeric=True),
        Column("expected_completion", "预计竣工", sort="expected_completion"),
        Column("progress", "进度", sort="progress"),
        Column("progress_percent", "形象进度(%)", sort="progress_percent", numeric=True),
    )


class RenovationProjectListView(RegisterListView):
    model = RenovationProject
    queryset = RenovationProject.objects.select_related("building__district")
    filterset_class = RenovationProjectFilterSet
    title = "存量楼宇改造提升名录"
    export_name = "存量楼宇改造提升名录"
    kind = "renovations"
    detail_url_name = "web:renovation_detail"
    add_url_name = "web:renovation_add"
    edit_url_name = "web:renovation_edit"
    default_sort = "district"
    columns = (
        Column("code", "项目编码", sort="code", link=True),
        Column("building", "楼宇", value=lambda o: o.building.name, sort="building__name", link=True),
        Column("district", "地区", value=lambda o: o.building.district.name, sort="building__district__order,code"),
        Column("content", "改造内容", value=lambda o: (o.content or "")[:40]),
        Column("investment", "投资(元)", sort="investment", numeric=True),
        Column("start_date", "开工日期", sort="start_date"),
        Column("completion_date", "完工日期", sort="completion_date"),
        Column("status", "状态", sort="status"),
        Column("is_demonstration", "示范项目", sort="is_demonstration"),
    )


class RegisterDetailView(ObjectDetailView):
    template_name = "web/register_detail.html"
    title = ""
    fields: tuple[str, ...] = ()
    edit_url_name = ""
    delete_url_name = ""  # a register whose rows may be deleted (louyu.core.views.ObjectDeleteView)

    def get_context_data(self, **context):
        obj = context["object"]
        rows = []
        for name in self.fields:
            field = obj._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            rows.append((field.verbose_name, value))
        can_delete = bool(self.delete_url_name) and permissions.can(self.request.user, permissions.DELETE, obj)
        context.update(title=self.title, fields=rows, edit_url_name=self.edit_url_name, delete_url_name=self.delete_url_name,
                       can_delete=can_delete,
                       history=audit.history_of(obj)[:30], **freshness(), **role_flags(self.request.user))
        return context


class NewBuildingProjectDetailView(RegisterDetailView):
    model = NewBuildingProject
    queryset = NewBuildingProject.objects.select_related("district", "building")
    title = "新建楼宇项目"
    edit_url_name = "web:new_project_edit"
    fields = ("code", "name", "district", "street", "parcel", "address", "planned_area", "planned_office_area",
              "total_investment", "start_date", "expected_completion", "progress", "progress_percent", "building",
              "source", "verification", "updated_at")


class RenovationProjectDetailView(RegisterDetailView):
    model = RenovationProject
    queryset = RenovationProject.objects.select_related("building__district")
    title = "存量楼宇改造提升项目"
    edit_url_name = "web:renovation_edit"
    fields = ("code", "building", "content", "investment", "start_date", "completion_date", "status",
              "is_demonstration", "source", "verification", "updated_at")


class NewBuildingProjectEditView(ObjectEditView):
    model = NewBuildingProject
    form_class = NewBuildingProjectForm
    title = "新建楼宇项目"
    create_service = staticmethod(building_services.new_building_project_create)
    update_service = staticmethod(building_services.new_building_project_update)
    update_keyword = "new_building_project"

    def success_url(self, obj):
        return reverse("web:new_project_detail", args=[obj.pk])


class RenovationProjectEditView(ObjectEditView):
    model = RenovationProject
    form_class = RenovationProjectForm
    title = "存量楼宇改造提升项目"
    create_service = staticmethod(building_services.renovation_project_create)
    update_service = staticmethod(building_services.renovation_project_update)
    update_keyword = "renovation_project"

    def success_url(self, obj):
        return reverse("web:renovation_detail", args=[obj.pk])
