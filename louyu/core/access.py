"""The city's need-to-know configuration (cities/<city>/access.json): which sensitivity class each role may
see, at which scope. Read once per process; louyu.core.permissions is its only reader."""
from __future__ import annotations

import json
from functools import lru_cache

from .city import cities_dir, current_city_slug

LEVELS = ("all", "own", "none")


class AccessConfigError(ValueError):
    pass


@lru_cache(maxsize=4)
def access_config(slug: str | None = None) -> dict:
    path = cities_dir() / (slug or current_city_slug()) / "access.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    classes = set(config["classes"])
    for role, levels in config["roles"].items():
        if set(levels) != classes:
            raise AccessConfigError(f"{path}：角色 {role} 须为每个数据分级给出级别（缺少 {sorted(classes - set(levels))}）")
        bad = {k: v for k, v in levels.items() if v not in LEVELS}
        if bad:
            raise AccessConfigError(f"{path}：角色 {role} 的级别只能是 {'/'.join(LEVELS)}：{bad}")
    for keyword, levels in config.get("departments", {}).items():
        if not set(levels) <= classes or any(v not in LEVELS for v in levels.values()):
            raise AccessConfigError(f"{path}：部门“{keyword}”的分级或级别无效：{levels}")
    return config
