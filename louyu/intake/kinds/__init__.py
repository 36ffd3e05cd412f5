"""The import/export kinds, one module each; `get(name)` is how everything else finds one."""
from .base import Column, Kind, Record
from .buildings import BuildingsKind
from .enterprises import EnterprisesKind
from .operations import OperationsKind
from .new_projects import NewProjectsKind
from .renovations import RenovationsKind
from .tax import TaxKind
from .tenancies import TenanciesKind
from .targets import TargetsKind
from .users import UsersKind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (BuildingsKind(), EnterprisesKind(), TenanciesKind(), TaxKind(), OperationsKind(), NewProjectsKind(), RenovationsKind(),
                 TargetsKind(), UsersKind())
}
LABELS = {name: kind.label for name, kind in KINDS.items()}


def kind_register(kind: Kind) -> None:
    """A higher app adds its own file kind (e.g. 可招商空间, louyu.investment) from its AppConfig.ready()."""
    KINDS[kind.name] = kind
    LABELS[kind.name] = kind.label


class UnknownKind(ValueError):
    pass


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        choices = "、".join(f"{k}（{v}）" for k, v in LABELS.items())
        raise UnknownKind(f"未知的数据类型“{name}”，可选：{choices}") from None


CLI_ONLY_KINDS = {"users"}  # accounts are provisioned from the command line only (first passwords never reach a page)


def upload_kinds() -> list[tuple[str, str]]:
    """Every file kind the upload page and the API take (apps above the intake register theirs): all but the
    command line's own."""
    return [(kind, label) for kind, label in LABELS.items() if kind not in CLI_ONLY_KINDS]


__all__ = ["CLI_ONLY_KINDS", "upload_kinds", "KINDS", "LABELS", "Column", "Kind", "Record", "UnknownKind", "get"]
