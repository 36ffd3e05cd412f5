"""`louyu init`'s reference data step: every app registers its loaders (in its AppConfig.ready, so in
INSTALLED_APPS order: geo before enterprises before programme), and `reference_data_load` runs them all.
Core imports no domain app: the apps point at core, never the other way. Idempotent."""
from typing import Callable

from django.db import transaction

_LOADERS: list[tuple[str, Callable[[], int]]] = []


def reference_loader(label: str, load: Callable[[], int]) -> None:
    """Register `load()` (returns how many rows it loaded) under the Chinese label `louyu init` prints."""
    if all(existing is not load for _, existing in _LOADERS):
        _LOADERS.append((label, load))


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    return {label: load() for label, load in _LOADERS}
