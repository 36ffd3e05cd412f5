"""Saving any edit form unchanged changes nothing: every edit page of every model, opened in a real browser
with a fully populated object, submitted as it loads, leaves every field as it was and writes no audit entry.

The edit pages are found from the URL configuration (every `…_edit` route with a pk), so a new register's
form joins this test by existing."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from louyu import factories as f
from louyu.core.models import AuditEntry

from .test_browser_pages import Session, browser  # noqa: F401  (the module-scoped Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def edit_routes(resolver=None, namespace=""):
    """(url name, view class) of every edit page that takes a pk."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from edit_routes(entry, inner)
        elif isinstance(entry, URLPattern) and (entry.name or "").endswith("_edit") and "pk" in entry.pattern.regex.groupindex:
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None and getattr(view_class, "model", None) is not None:
                yield f"{namespace}{entry.name}", view_class


def _bounds(field):
    low = next((v.limit_value for v in field.validators if isinstance(v, MinValueValidator)), None)
    high = next((v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)), None)
    return low, high


def _number(field, default):
    low, high = _bounds(field)
    if low is not None and high is not None:
        return (low + high) / 2 if isinstance(field, models.DecimalField) else (low + high) // 2
    return max(default, low or default)


def _value_for(field, obj, index):
    """A valid, non-empty value for a field that is empty on `obj` (the `index`-th field of the form)."""
    if isinstance(field, models.FileField):
        return None  # a file input is never pre-filled; an unchanged save keeps the stored file
    if field.name.endswith("uscc"):
        return f.next_uscc()
    if isinstance(field, models.EmailField):
        return "test@example.com"
    if "phone" in field.name:
        return "0512-66668888"
    if field.choices:
        return field.choices[-1][0]
    if isinstance(field, models.DateField):  # later fields later: a completion follows its start
        return dt.date(2021, 6, 18) + dt.timedelta(days=400 * index)
    if isinstance(field, models.DecimalField):
        return Decimal(str(round(_number(field, 12.34), 2)))
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField)):
        return int(_number(field, 7))
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.JSONField):
        return ["甲", "乙"]
    if isinstance(field, models.ForeignKey):
        factory = getattr(f, f"{field.related_model.__name__}Factory", None)
        district = getattr(obj, "district", None)
        if factory is None:
            return field.related_model._default_manager.order_by("pk").first()
        if district is not None and "district" in {x.name for x in field.related_model._meta.fields}:
            return factory(district=district)
        return factory()
    if isinstance(field, (models.CharField, models.TextField)):
        size = next((v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)), 20)
        return "测试填写内容"[: max(1, min(size, 6))]
    raise AssertionError(f"no test value for {field!r}")


# Values a register's own rules require of a fully filled row (e.g. only a 联席会议 has 议题).
COHERENT = {"events.event": {"kind": "joint_meeting"}, "events.resolution": {"status": "done"}}


def fully_populated(model, form_fields):
    """A saved `model` row from its shared factory with every field of the edit form filled in."""
    factory = getattr(f, f"{model.__name__}Factory")
    obj = factory(**COHERENT.get(model._meta.label_lower, {}))
    many = [name for name in form_fields if model._meta.get_field(name).many_to_many]
    for index, name in enumerate(form_fields):
        field = model._meta.get_field(name)
        if name in many:
            continue
        if name in COHERENT.get(model._meta.label_lower, {}):
            continue
        if getattr(obj, field.attname) in (None, "", [], {}) or isinstance(field, (models.BooleanField, models.DateField)):
            value = _value_for(field, obj, index)
            if value is not None:
                setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name in many:  # one related row chosen: an unchanged save must keep the choice
        related = model._meta.get_field(name).related_model
        factory = getattr(f, f"{related.__name__}Factory", None)
        getattr(obj, name).add(related._default_manager.order_by("pk").first() or factory())
    return obj


def snapshot(obj) -> dict:
    obj.refresh_from_db()
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields if field.name != "updated_at"}
    values.update({field.name: set(getattr(obj, field.name).values_list("pk", flat=True)) for field in obj._meta.many_to_many})
    return values


def test_every_edit_form_saved_unchanged_changes_nothing_and_writes_no_audit(browser, live_server, reference_data):
    routes = list(edit_routes())
    assert len(routes) >= 4, routes  # buildings, new projects, renovations, enterprises at least
    session = Session(browser, live_server.url)
    session.login(f.city_admin(username="b-edit-admin").username)
    for url_name, view_class in routes:
        fields = view_class.form_class._meta.fields
        obj = fully_populated(view_class.model, fields)
        before, audits = snapshot(obj), AuditEntry.objects.count()
        assert session.open(reverse(url_name, args=[obj.pk])) == 200, url_name
        for name in fields:  # what the browser shows is what is stored: no field renders empty
            if obj._meta.get_field(name).many_to_many:
                continue  # a multiple choice, compared in the snapshot
            value = before[obj._meta.get_field(name).attname]
            if value not in (None, "", False) and session.page.locator(f"#id_{name}").count():
                assert session.page.input_value(f"#id_{name}") != "", (url_name, name, value)
        with session.page.expect_navigation(wait_until="load"):
            session.page.click("#edit-form button[type=submit]")
        assert "errorlist" not in session.page.content(), (url_name, session.page.locator(".errorlist").all_inner_texts())
        assert snapshot(obj) == before, url_name
        assert AuditEntry.objects.count() == audits, (url_name, list(AuditEntry.objects.all()[:3]))
    assert session.errors == [], session.errors
    session.context.close()
