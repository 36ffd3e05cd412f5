"""Who may do what to which rows — the one place where scoping is decided.

Every path (pages, API, import, export, CLI with an actor) asks `restrict(queryset, user, action)` or
`can(user, action, obj)`; nothing else filters by district. A model declares `scope_path`, the ORM path
from it to geo.District (`"district"`, `"building__district"`, or `"pk"` for District itself).

Rules (roles in louyu.core.models.Role):
- city_admin: everything.
- city_viewer (leaders): read everything, change nothing.
- district_editor: read and change only rows of their district. District-level summaries (indicator
  facts, targets) are readable for all districts, for comparison; see `READ_ALL_MODELS`.
- department: read everything; change only the data kinds their department delivers (tax, enterprises)
  through imports, which call `can_import`.
- operator: read and change their buildings' operation reports and tenancies; read their buildings.
"""
from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from .models import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)

# Summaries every signed-in role may read across districts (model labels).
READ_ALL_MODELS = {
    "geo.district",
    "geo.street",
    "programme.annualtarget",
    "programme.keytask",
    "indicators.districtyear",
    "indicators.buildingyear",
    "indicators.buildingmonth",
    "enterprises.industrycode",
    "enterprises.featuredcategory",
    "evaluation.evaluation",  # a published district evaluation compares all districts
}
# Data kinds a department user may import, by department keyword.
DEPARTMENT_IMPORTS = {"税务": {"tax", "enterprises"}, "市场监管": {"enterprises"}, "资源规划": {"new_projects"}, "住建": {"renovations"}}
OPERATOR_WRITABLE = {"buildings.operationreport", "enterprises.tenancy", "investment.vacantunit", "stewardship.enterpriserequest"}


class AnonymousScopeError(PermissionError):
    pass


def profile_of(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return None
    return getattr(user, "profile", None)


def role_of(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.CITY_ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def district_of(user):
    profile = profile_of(user)
    return profile.district if profile else None


def _label(model) -> str:
    return model._meta.label_lower


def _path(model) -> str | None:
    return getattr(model, "scope_path", None)


def _district_filter(model, district_id) -> Q:
    path = _path(model)
    if path is None:
        return Q(pk__in=[])  # unscoped model: district users see none of it
    if path == "pk":
        return Q(pk=district_id)
    return Q(**{f"{path}_id": district_id})


def _operator_filter(model, user) -> Q:
    label = _label(model)
    building_ids = list(user.profile.buildings.values_list("pk", flat=True))
    if label == "buildings.building":
        return Q(pk__in=building_ids)
    if hasattr(model, "building"):
        return Q(building_id__in=building_ids)
    return Q(pk__in=[])


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of `queryset` that `user` may `action`. An anonymous user gets none."""
    assert action in ACTIONS, action
    model = queryset.model
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role == Role.CITY_ADMIN:
        return queryset
    if action == VIEW and (role in (Role.CITY_VIEWER, Role.DEPARTMENT) or _label(model) in READ_ALL_MODELS):
        return queryset
    if role == Role.DISTRICT_EDITOR:
        if action != VIEW and _label(model) in READ_ALL_MODELS:
            return queryset.none()
        return queryset.filter(_district_filter(model, user.profile.district_id))
    if role == Role.OPERATOR:
        if action != VIEW and _label(model) not in OPERATOR_WRITABLE:
            return queryset.none()
        return queryset.filter(_operator_filter(model, user))
    if role == Role.DEPARTMENT and getattr(model, "department_path", None) and user.profile.department:
        # A department changes the rows it owns: its 附件2 assignments and their progress reports.
        return queryset.filter(**{model.department_path: user.profile.department})
    return queryset.none()


def can(user, action: str, obj: Model) -> bool:
    """Whether `user` may `action` this saved object (the same rule as `restrict`)."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_create_in(user, model, district) -> bool:
    """Whether `user` may add a `model` row that belongs to `district` (None: no district yet)."""
    role = role_of(user)
    if role == Role.CITY_ADMIN:
        return True
    if role == Role.DISTRICT_EDITOR:
        return _label(model) not in READ_ALL_MODELS and district is not None and district.pk == user.profile.district_id
    return False


def can_import(user, kind: str) -> bool:
    role = role_of(user)
    if role in (Role.CITY_ADMIN, Role.DISTRICT_EDITOR):
        return True
    if role == Role.OPERATOR:
        return kind in {"operations", "tenancies", "vacant_units"}
    if role == Role.DEPARTMENT:
        department = user.profile.department
        return any(key in department and kind in kinds for key, kinds in DEPARTMENT_IMPORTS.items())
    return False


def import_district_scope(user):
    """The district an import by `user` is confined to (rows of other districts are errors); None = all."""
    return district_of(user) if role_of(user) == Role.DISTRICT_EDITOR else None


def can_edit_any(user) -> bool:
    return role_of(user) in (Role.CITY_ADMIN, Role.DISTRICT_EDITOR, Role.OPERATOR)


def can_create_at(user, model, building) -> bool:
    """Whether an operator may add a `model` row in `building`: one of their buildings, a kind they write."""
    if building is None or role_of(user) != Role.OPERATOR or _label(model) not in OPERATOR_WRITABLE:
        return False
    return user.profile.buildings.filter(pk=building.pk).exists()
