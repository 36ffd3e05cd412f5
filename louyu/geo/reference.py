"""A city's reference data, read from its folder `cities/<slug>/` (plain files, no database).

The city is configuration: Suzhou's districts, aliases, 附件1 targets and 附件2 tasks live in
`cities/suzhou/`; another city adds its own folder and sets LOUYU_CITY.
"""
from __future__ import annotations

import csv
import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from louyu.core.city import cities_dir, current_city_slug  # noqa: F401  (re-exported: where a city lives)

ALIAS_SEPARATORS = ("；", ";")


def split_list(value: str | None) -> tuple[str, ...]:
    """Split a '；'- or ';'-separated cell into clean items."""
    if not value:
        return ()
    text = value
    for sep in ALIAS_SEPARATORS[1:]:
        text = text.replace(sep, ALIAS_SEPARATORS[0])
    return tuple(item.strip() for item in text.split(ALIAS_SEPARATORS[0]) if item.strip())


@dataclass(frozen=True)
class DistrictRef:
    order: int
    name: str  # as 附件1 names it
    full_name: str
    division_code: str
    kind: str
    aliases: tuple[str, ...]

    @property
    def all_names(self) -> tuple[str, ...]:
        names = [self.name, self.full_name, *self.aliases]
        return tuple(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class CityRef:
    slug: str
    name: str
    short_name: str
    province: str
    division_code: str
    aliases: tuple[str, ...]
    districts: tuple[DistrictRef, ...]
    free_trade_zone_prefixes: tuple[str, ...]
    map: dict = field(hash=False, compare=False)
    folder: Path = field(hash=False, compare=False)
    policy: dict = field(hash=False, compare=False)
    display: dict = field(default_factory=dict, hash=False, compare=False)  # page settings (docs/user-guide.md)

    def district_by_name(self) -> dict[str, DistrictRef]:
        """Every spelling people use (name, full name, alias, NFKC-folded) → district."""
        index: dict[str, DistrictRef] = {}
        for district in self.districts:
            for name in district.all_names:
                index.setdefault(unicodedata.normalize("NFKC", name), district)
        return index

    def resolve_district(self, text: str | None) -> DistrictRef | None:
        if not text:
            return None
        return self.district_by_name().get(unicodedata.normalize("NFKC", text.strip()).replace(" ", ""))

    def path(self, name: str) -> Path:
        return self.folder / name


@lru_cache(maxsize=8)
def load_city(slug: str | None = None) -> CityRef:
    slug = slug or current_city_slug()
    folder = cities_dir() / slug
    if not folder.is_dir():
        raise FileNotFoundError(f"找不到城市配置目录 {folder}（LOUYU_CITY={slug}）")
    meta = json.loads((folder / "city.json").read_text(encoding="utf-8"))
    with (folder / "districts.csv").open(encoding="utf-8-sig", newline="") as fh:
        districts = tuple(
            DistrictRef(
                order=int(row["order"]),
                name=row["name"].strip(),
                full_name=row["full_name"].strip(),
                division_code=row["division_code"].strip(),
                kind=row["kind"].strip(),
                aliases=split_list(row["aliases"]),
            )
            for row in csv.DictReader(fh)
        )
    return CityRef(
        slug=meta["slug"],
        name=meta["name"],
        short_name=meta.get("short_name", meta["name"]),
        province=meta.get("province", ""),
        division_code=meta.get("division_code", ""),
        aliases=tuple(meta.get("aliases", ())),
        districts=tuple(sorted(districts, key=lambda d: d.order)),
        free_trade_zone_prefixes=tuple(meta.get("free_trade_zone_prefixes", ())),
        map=meta.get("map", {}),
        folder=folder,
        policy=meta.get("policy", {}),
        display=meta.get("display", {}),
    )


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a tab-separated reference file, skipping '#' comment lines."""
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
