"""Generic list / detail / edit / export views that apply `restrict` once (the NetBox pattern).

Every page of a scoped model derives from these, so the list, its export, the detail page and the edit
form cannot disagree about which rows a user may see or change:
- list and export: `restrict(qs, user, "view")`, then the filter set, then the sort;
- detail: a row outside the restricted queryset is a 404 (it does not exist for this user);
- edit: a row the user may not change is a 403 (the page is refused), a missing row a 404;
- create: offered only to roles that edit at all; the district check is the service's (can_create_in).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.http import urlencode
from django.views import View

from . import permissions, services, spreadsheets
from .pagination import page_of
from .permissions import CHANGE, VIEW

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of a list page and of its fallback export."""

    key: str
    label: str
    value: Callable[[Any], Any] | None = None  # default: attribute `key`
    sort: str | None = None  # ORM ordering expression; None = not sortable
    link: bool = False  # link the cell to the row's detail page
    numeric: bool = False

    def get(self, obj):
        if self.value is not None:
            return self.value(obj)
        value = obj
        for part in self.key.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        display = getattr(obj, f"get_{self.key}_display", None)
        return display() if callable(display) and "__" not in self.key else value


def editable_ids(user, model, ids) -> set:
    """Which of the listed rows the user may change: one query, so edit buttons cost nothing per row."""
    if not permissions.can_edit_any(user) or not ids:
        return set()
    return set(permissions.restrict(model._default_manager.filter(pk__in=ids), user, CHANGE).values_list("pk", flat=True))


def can_add(user, model) -> bool:
    """Whether to offer "新增": the user may create this model in their own district (all, for the city)."""
    return permissions.can_create_in(user, model, permissions.district_of(user))


class RestrictedMixin(LoginRequiredMixin):
    """The one place a page's queryset is narrowed to what the user may `action`."""

    model: type[models.Model] | None = None
    queryset: models.QuerySet | None = None
    action = VIEW

    def base_queryset(self) -> models.QuerySet:
        return self.queryset.all() if self.queryset is not None else self.model._default_manager.all()

    def get_queryset(self, action: str | None = None) -> models.QuerySet:
        return permissions.restrict(self.base_queryset(), self.request.user, action or self.action)


class ObjectListView(RestrictedMixin, View):
    """A register's list page: restricted rows, filters, sort, pages, edit buttons and its export. A register
    only declares its model, columns, filter set and URL names; the web layer wires `exporter`."""

    template_name = "web/object_list.html"
    filterset_class = None
    columns: tuple[Column, ...] = ()
    default_sort: str | None = None
    paginate_by = 50
    title = ""
    export_name = "export"
    detail_url_name: str | None = None
    add_url_name: str | None = None
    edit_url_name: str | None = None  # rows the user may change get an edit button
    kind = ""  # the import kind the export is written as (its template's columns, so it re-imports)
    # export(*, kind, queryset, fmt, actor) -> (bytes, file name); None: the visible columns (`table_export`)
    exporter: Callable[..., tuple[bytes, str]] | None = None

    def filtered(self, request):
        qs = self.get_queryset()
        filterset = self.filterset_class(request.GET or None, queryset=qs, request=request) if self.filterset_class else None
        if filterset is not None:
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        return filterset, self.sorted(qs, request.GET.get("sort") or self.default_sort)

    def sorted(self, qs, sort: str | None):
        if not sort:
            return qs
        key = sort.lstrip("-")
        column = next((c for c in self.columns if c.key == key and c.sort), None)
        if column is None:
            return qs
        order = column.sort
        descending = sort.startswith("-")
        return qs.order_by(*(f"-{o}" if descending else o for o in order.split(",")), "pk")

    def get(self, request, *args, **kwargs):
        filterset, qs = self.filtered(request)
        fmt = request.GET.get("export")
        if fmt:
            return self.export(qs, fmt)
        page = page_of(qs, self.paginate_by, request.GET.get("page"))
        rows = [(obj, [c.get(obj) for c in self.columns]) for obj in page.object_list]
        context = self.get_context_data(
            filterset=filterset, page=page, rows=rows, columns=self.columns, title=self.title,
            sort=request.GET.get("sort") or self.default_sort or "",
            query=urlencode([(k, v) for k, v in request.GET.items() if k not in ("page", "sort", "export")]),
            detail_url_name=self.detail_url_name,
            can_add=bool(self.add_url_name) and can_add(request.user, self.model),
            add_url_name=self.add_url_name, edit_url_name=self.edit_url_name,
            editable_ids=editable_ids(request.user, self.model, [o.pk for o in page.object_list]) if self.edit_url_name else set(),
        )
        context["table_body"] = table_body(
            context["rows"], context["columns"], self.detail_url_name, context.get("edit_url_name"),
            context.get("editable_ids") or set(),
        )
        return render(request, self.template_name, context)

    def get_context_data(self, **context):
        return context

    def export(self, qs, fmt: str) -> HttpResponse:
        """The (restricted, filtered) rows as .xlsx/.csv: through `exporter` in the import template's format,
        else the visible columns."""
        if self.exporter is None:
            return table_export(self.export_name, [c.label for c in self.columns],
                                ([c.get(o) for c in self.columns] for o in qs.iterator(chunk_size=2000)), fmt)
        content, filename = self.exporter(kind=self.kind, queryset=qs, fmt=fmt, actor=self.request.user)
        response = HttpResponse(content, content_type=XLSX if fmt != "csv" else "text/csv; charset=utf-8")
        response["Content-Disposition"] = _attachment(filename)
        return response


def _url_maker(url_name: str | None):
    """A fast pk → URL function: one reverse(), then string formatting per row."""
    if not url_name:
        return None
    marker = 987654321
    template = reverse(url_name, args=[marker]).replace(str(marker), "{}")
    return template.format


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def table_body(rows, columns, detail_url_name, edit_url_name, editable_ids) -> str:
    """The <tbody> rows of a list page, built in Python: a template loop over every cell costs more
    than the page's queries."""
    detail_url = _url_maker(detail_url_name)
    edit_url = _url_maker(edit_url_name) if editable_ids else None
    parts = []
    for obj, cells in rows:
        parts.append("<tr>")
        for column, value in zip(columns, cells):
            text = escape(_display(value))
            cls = ' class="num"' if column.numeric else ""
            if column.link and detail_url:
                text = f'<a href="{detail_url(obj.pk)}">{text}</a>'
            parts.append(f"<td{cls}>{text}</td>")
        if edit_url:
            button = f'<a class="btn small ghost edit-link" href="{edit_url(obj.pk)}">编辑</a>' if obj.pk in editable_ids else ""
            parts.append(f"<td>{button}</td>")
        parts.append("</tr>")
    if not rows:
        parts.append(f'<tr><td colspan="{len(columns)}" class="muted">没有符合条件的数据。</td></tr>')
    return mark_safe("".join(parts))


def table_export(name: str, headers: list[str], rows, fmt: str = "xlsx") -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = spreadsheets.csv_writer(buffer)
        writer.writerow(headers)
        writer.writerows(["" if v is None else _cell(v) for v in row] for row in rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = _attachment(f"{name}.csv")
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append(spreadsheets.xlsx_row(sheet, headers))
    for row in rows:
        sheet.append(spreadsheets.xlsx_row(sheet, [_cell(v) for v in row]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{name}.xlsx")
    return response


def _cell(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value)
    return value  # str, int, Decimal (kept exact), date


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"


class ObjectDetailView(RestrictedMixin, View):
    template_name: str = ""

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        context = self.get_context_data(object=obj, can_edit=permissions.can(request.user, CHANGE, obj))
        return render(request, self.template_name, context)

    def get_context_data(self, **context):
        return context


class DeclaredServices:
    """The domain services a register writes through, declared once for its edit form and its API viewset
    (louyu.core.api.WritableRestrictedViewSet): create(data=, actor=, note=) and
    update(<update_keyword>=row, data=, actor=, note=), wrapped in staticmethod. Undeclared, the form falls back
    to the generic audited create/update of louyu.core.services (the API offers only what is declared)."""

    create_service = None
    update_service = None
    update_keyword = ""

    def written_model(self):
        return self.model if getattr(self, "model", None) is not None else self.queryset.model

    def create_through(self, *, data: dict, actor, note: str):
        if self.create_service is not None:
            return self.create_service(data=data, actor=actor, note=note)
        return services.object_create(model=self.written_model(), data=data, actor=actor, note=note)

    def update_through(self, obj, *, data: dict, actor, note: str):
        if self.update_service is not None:
            return self.update_service(**{self.update_keyword: obj}, data=data, actor=actor, note=note)
        return services.object_update(obj=obj, data=data, actor=actor, note=note)


class ObjectEditView(DeclaredServices, RestrictedMixin, View):
    """Create (no pk) or edit a row through a domain service; forms only collect and show errors."""

    action = CHANGE
    template_name = "web/object_edit.html"
    form_class = None
    title = ""

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            if not can_add(self.request.user, self.model):
                raise PermissionDenied("当前角色不能新增此类数据")
            return None
        obj = get_object_or_404(self.base_queryset(), pk=pk)
        if not self.get_queryset(CHANGE).filter(pk=obj.pk).exists():
            raise PermissionDenied("无权修改该数据（超出本人负责的地区或角色范围）")
        return obj

    def get_form(self, obj, data=None):
        return self.form_class(data=data, instance=obj, user=self.request.user)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "无权限")
            else:
                messages.success(request, "已保存。" if obj else "已新增。")
                return HttpResponseRedirect(self.success_url(saved))
        return self.render_form(form, obj, status=400 if request.method == "POST" else 200)

    def save(self, form, obj):
        data, actor = form.service_data(), self.request.user
        if obj is None:
            return self.create_through(data=data, actor=actor, note="网页表单新增")
        self.update_through(obj, data=data, actor=actor, note="网页表单修改")
        return obj

    def success_url(self, obj) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"

    def render_form(self, form, obj, status=200):
        context = {"form": form, "object": obj, "title": self.title}
        return render(self.request, self.template_name, context, status=status)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_action(request, form, action: Callable[[dict], Any], *, done: str, refused: str, invalid: str, back: str):
    """A POST that records something on a page's row through a service (a follow-up, a material, a month's
    volume, a stage): the form is checked, the service runs with the cleaned data, the outcome is one message in
    Chinese ('{refused}：reason' when the service refuses), and the user returns to the page (`back`)."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, f"{refused}：" + "；".join(getattr(exc, "messages", None) or [str(exc) or "无权限"]))
        else:
            messages.success(request, done)
    else:
        messages.error(request, f"{refused}：{invalid}")
    return HttpResponseRedirect(back)
class ObjectDeleteView(RestrictedMixin, View):
    """Delete a row through its register's delete service, after a confirmation page. A row the user cannot see
    is a 404, one they may not delete a 403; rows that depend on it (the model's `delete_blockers`) refuse the
    delete with the reason in Chinese, on the page before anything is posted."""

    action = permissions.DELETE
    template_name = "web/object_delete.html"
    title = ""
    # delete(<delete_keyword>=row, actor=, note=) (wrap in staticmethod); None: louyu.core.services.object_delete
    delete_service = None
    delete_keyword = ""
    success_url_name = ""  # where to go afterwards (a list page); or override success_url(obj)

    def get_object(self):
        obj = get_object_or_404(self.base_queryset(), pk=self.kwargs["pk"])
        if not self.get_queryset(permissions.DELETE).filter(pk=obj.pk).exists():
            raise PermissionDenied("无权删除该数据（超出本人负责的地区或角色范围）")
        return obj

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.confirm(obj, services.delete_blockers(obj))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        label, target = str(obj), self.success_url(obj)
        try:
            if self.delete_service is not None:
                self.delete_service(**{self.delete_keyword: obj}, actor=request.user, note="网页删除")
            else:
                services.object_delete(obj=obj, actor=request.user, note="网页删除")
        except ValidationError as exc:
            return self.confirm(obj, exc.messages, status=400)
        messages.success(request, f"已删除{self.title}“{label}”。")
        return HttpResponseRedirect(target)

    def success_url(self, obj) -> str:
        return reverse(self.success_url_name)

    def confirm(self, obj, problems: list[str], status: int = 200):
        context = {"object": obj, "title": self.title, "problems": problems, "cascades": services.delete_cascades(obj),
                   "back": self.request.META.get("HTTP_REFERER") or self.success_url(obj)}
        return render(self.request, self.template_name, context, status=status)
