"""Who may do what to which rows — the one place where scoping is decided.

Every path (pages, API, import, export, CLI with an actor, figure caches) asks `restrict(queryset, user,
action)`, `can(user, action, obj)` or, for figures that are not rows, `sees(user, klass, obj)`; nothing else
filters by district. A model declares `scope_path`, the ORM path from it to geo.District (`"district"`,
`"building__district"`, or `"pk"` for District itself), and has one sensitivity class in `SENSITIVITY`.

Reading is need to know: the city's access.json (louyu.core.access) gives each role a level per class —
all, own (the user's district; an operator's buildings; rows the user created), none. Defaults for Suzhou
(docs/security.md has the table):
- city_admin and city_viewer (leaders): everything (leaders change nothing);
- district_editor: their district's registers, building tax and enterprise tax, every district's aggregates;
  an enterprise's tax only for the months it is attributed to a building of the district (or, unattributed,
  while it belongs to the district and has never registered elsewhere before) — a move-in does not bring
  its history along;
- operator: their buildings' registers, occupancy and building figures, never an enterprise's tax;
- department: registers and aggregates; the tax bureau (税务) also building and enterprise tax.
Writing: district editors their district's registers, alerts and work records; operators their buildings'
operation reports and tenancies; departments only through imports (`can_import`); leaders nothing.
"""
from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from .access import access_config
from .models import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)
ALL, OWN, NONE = "all", "own", "none"

# Sensitivity classes (cities/<city>/access.json names each; docs/security.md explains them).
REFERENCE, REGISTER, AGGREGATE = "reference", "register", "aggregate"
BUILDING_TAX, MONITORING, ENTERPRISE_TAX = "building_tax", "monitoring", "enterprise_tax"
WORK, AUDIT, ACCOUNTS, INTERNAL = "work", "audit", "accounts", "internal"
COORDINATION = "coordination"  # the work programme and mechanisms: departments and the city coordinate on them

# Every model of the project has a class; a model missing here is INTERNAL (city admin only) and fails
# louyu/core/tests/test_sensitivity.py, so a new model cannot silently become readable.
SENSITIVITY = {
    "geo.district": REFERENCE, "geo.street": REFERENCE, "enterprises.industrycode": REFERENCE,
    "enterprises.featuredcategory": REFERENCE, "programme.keytask": REFERENCE, "indicators.computestate": REFERENCE,
    "buildings.building": REGISTER, "buildings.newbuildingproject": REGISTER, "buildings.renovationproject": REGISTER,
    "buildings.operationreport": REGISTER, "enterprises.enterprise": REGISTER, "enterprises.tenancy": REGISTER,
    "indicators.featuredrecognition": REGISTER,
    "programme.annualtarget": AGGREGATE, "indicators.districtyear": AGGREGATE, "indicators.cityyear": AGGREGATE,
    "indicators.buildingyear": BUILDING_TAX, "indicators.buildingmonth": BUILDING_TAX,
    "indicators.buildingindustryyear": BUILDING_TAX, "indicators.alert": MONITORING, "indicators.alertcomment": MONITORING,
    "enterprises.taxrecord": ENTERPRISE_TAX, "indicators.taxpayeryear": ENTERPRISE_TAX,
    "indicators.unattributedtax": ENTERPRISE_TAX,
    "intake.importbatch": WORK, "jobs.job": WORK, "matching.addressmatch": WORK, "enterprises.districtmove": WORK,
    "core.auditentry": AUDIT, "accounts.userprofile": ACCOUNTS, "core.apitoken": ACCOUNTS, "core.passwordchange": ACCOUNTS,
    "indicators.month": INTERNAL, "indicators.industrycategorymap": INTERNAL, "indicators.supersededtenancy": INTERNAL,
    "core.loginthrottle": INTERNAL,
    # the work programme (附件1 versions, 附件2 assignments and reports, three-year plans)
    "programme.targetversion": COORDINATION, "programme.taskassignment": COORDINATION, "programme.progressreport": COORDINATION,
    "programme.actionplan": COORDINATION, "programme.plangoal": COORDINATION, "programme.planitem": COORDINATION,
    # 招商 and 楼长制
    "investment.vacantunit": REGISTER, "investment.demand": COORDINATION, "investment.lead": COORDINATION,
    "stewardship.buildingsteward": REGISTER, "stewardship.enterpriserequest": COORDINATION,
    # work mechanisms, demonstrations, evaluation and supervision, 政务服务 and 党建
    "events.event": REGISTER, "events.eventattachment": REGISTER, "events.resolution": COORDINATION,
    "evaluation.evaluation": AGGREGATE, "evaluation.inspection": COORDINATION, "evaluation.inspectionfollowup": COORDINATION,
    "servicepoints.governmentservice": REFERENCE, "servicepoints.servicepoint": REGISTER,
    "servicepoints.servicevolume": REGISTER, "servicepoints.partyorganisation": REGISTER,
    "teams.operationteam": REGISTER, "teams.teamrecognition": REGISTER,
}
# Rows a user created are theirs to read whatever their district (their own imports, uploads, requests).
OWNER_FIELDS = {"intake.importbatch": "actor", "jobs.job": "actor", "enterprises.districtmove": "requested_by"}
# Data kinds a department user may import, by department keyword.
DEPARTMENT_IMPORTS = {"税务": {"tax", "enterprises"}, "市场监管": {"enterprises"}, "资源规划": {"new_projects"}, "住建": {"renovations"}}


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


def sensitivity_of(model) -> str:
    return SENSITIVITY.get(_label(model), INTERNAL)


def level(user, klass: str) -> str:
    """How much of sensitivity class `klass` the user may read: ALL, OWN or NONE (city configuration)."""
    role = role_of(user)
    if role is None:
        return NONE
    if role == Role.CITY_ADMIN:
        return ALL
    if klass == AUDIT and can_review_audit(user):
        return ALL
    config = access_config()
    levels = dict(config["roles"][role])
    if role == Role.DEPARTMENT:
        department = user.profile.department
        for keyword, override in config.get("departments", {}).items():
            if keyword in department:
                levels.update(override)
    return levels.get(klass, NONE)


def _write_level(user, role: str, model) -> str:
    writes = access_config().get("writes", {})
    if role == Role.DISTRICT_EDITOR:
        return OWN if sensitivity_of(model) in writes.get("district_editor", ()) else NONE
    if role == Role.OPERATOR:
        return OWN if _label(model) in writes.get("operator_models", ()) else NONE
    if role == Role.DEPARTMENT and getattr(model, "department_path", None):
        return OWN  # a department changes the rows it owns: its 附件2 assignments and their progress reports
    return NONE


def _district_filter(model, district_id) -> Q:
    if hasattr(model, "district_scope"):  # a rule of the model's own (tax: the months attributed to the district)
        return model.district_scope(district_id)
    path = getattr(model, "scope_path", None)
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
    if any(f.name == "building" for f in model._meta.get_fields()):
        return Q(building_id__in=building_ids)
    path = getattr(model, "scope_path", None) or ""
    if path.endswith("building__district"):  # a row of a building's row (a service point's monthly volumes)
        return Q(**{f"{path.removesuffix('__district')}_id__in": building_ids})
    return Q(pk__in=[])


def _own_filter(model, user, role: str) -> Q:
    owner = OWNER_FIELDS.get(_label(model)) or getattr(model, "owner_field", None)
    mine = Q(**{f"{owner}_id": user.pk}) if owner else Q(pk__in=[])
    if role == Role.DISTRICT_EDITOR:
        return _district_filter(model, user.profile.district_id) | mine
    if role == Role.OPERATOR:
        return _operator_filter(model, user) | mine
    department_path = getattr(model, "department_path", None)
    if role == Role.DEPARTMENT and department_path and user.profile.department:
        return Q(**{department_path: user.profile.department}) | mine
    return mine


def _scope(user, model, action: str) -> str:
    """ALL, OWN or NONE of `model`'s rows for `action` by `user` (restrict applies it)."""
    assert action in ACTIONS, action
    role = role_of(user)
    if role is None:
        return NONE
    if action != VIEW and sensitivity_of(model) == AUDIT:
        return NONE  # the audit trail is append-only for every role; services add to it
    if role == Role.CITY_ADMIN:
        return ALL
    return level(user, sensitivity_of(model)) if action == VIEW else _write_level(user, role, model)


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of `queryset` that `user` may `action`. An anonymous user gets none."""
    scope = _scope(user, queryset.model, action)
    if scope == ALL:
        return queryset
    if scope == NONE:
        return queryset.none()
    return queryset.filter(_own_filter(queryset.model, user, role_of(user)))


def sees_every_row(user, model, action: str = VIEW) -> bool:
    """Whether `restrict` leaves every row of `model` to `user` (a page can then skip asking row by row)."""
    return _scope(user, model, action) == ALL


def can(user, action: str, obj: Model) -> bool:
    """Whether `user` may `action` this saved object (the same rule as `restrict`)."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def sees(user, klass: str, obj: Model | None = None) -> bool:
    """Whether `user` may read figures of class `klass` about `obj` (a building, district or enterprise):
    for figures that are not rows of their own — cached charts, rankings, KPI cards. Without `obj`: at all."""
    scope = level(user, klass)
    if scope == ALL:
        return True
    if scope == NONE:
        return False
    if obj is None:
        return True
    model = type(obj)
    return model._default_manager.filter(pk=obj.pk).filter(_own_filter(model, user, role_of(user))).exists()


def redact(user, obj: Model, values: dict, classes: dict) -> dict:
    """`values` (figures stored on `obj`, e.g. an alert's evidence) without those the user may not see: `classes`
    gives a key's sensitivity class, checked with `sees` on `obj`; keys not named there are of obj's own class,
    which the user reads already. An operator sees an alert on their building without its tenants' tax."""
    shown = {klass: sees(user, klass, obj) for klass in set(classes.values())}
    return {key: value for key, value in values.items() if shown.get(classes.get(key), True)}


def can_create_in(user, model, district) -> bool:
    """Whether `user` may add a `model` row that belongs to `district` (None: no district yet)."""
    role = role_of(user)
    if role == Role.CITY_ADMIN:
        return True
    if role == Role.DISTRICT_EDITOR:
        return (_write_level(user, role, model) == OWN and district is not None
                and district.pk == user.profile.district_id)
    return False


def can_create_at(user, model, building) -> bool:
    """Whether an operator may add a `model` row in `building`: one of their buildings, a kind they write."""
    if building is None or role_of(user) != Role.OPERATOR or _write_level(user, Role.OPERATOR, model) != OWN:
        return False
    return user.profile.buildings.filter(pk=building.pk).exists()


def can_import(user, kind: str) -> bool:
    role = role_of(user)
    if kind == "users":  # accounts: the city administrator or the security administrator (三员分立)
        profile = profile_of(user)
        return role == Role.CITY_ADMIN or bool(profile and profile.is_security_admin)
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


def can_review_audit(user) -> bool:
    """The audit administrator (三员分立) reviews the whole audit trail, whatever their business role."""
    profile = profile_of(user)
    return bool(profile and profile.is_audit_admin)


def is_city_level(user) -> bool:
    """Whether `user` may change rows of any district (moves between districts need such a user)."""
    return role_of(user) == Role.CITY_ADMIN
