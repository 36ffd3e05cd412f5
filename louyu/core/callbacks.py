"""Explicitly registered callbacks — what the import hooks and the change notifications are built on (no
Django signals: who listens is registered in an app's `ready()`, and the caller calls them in plain code)."""
from __future__ import annotations

from typing import Callable, Iterator


class CallbackList:
    def __init__(self) -> None:
        self._items: list[Callable] = []

    def add(self, callback: Callable) -> Callable:
        """Register `callback`; usable as a decorator; registering twice is harmless."""
        if callback not in self._items:
            self._items.append(callback)
        return callback

    def remove(self, callback: Callable) -> None:
        if callback in self._items:
            self._items.remove(callback)

    def __iter__(self) -> Iterator[Callable]:
        return iter(list(self._items))  # a copy: a callback may unregister itself

    def __len__(self) -> int:
        return len(self._items)
