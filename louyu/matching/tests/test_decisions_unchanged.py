"""Speed work must not change a single decision: (status, building) of the dev set, the held-out set
and a synthetic sample are compared with a snapshot taken before the matcher was optimised.

Regenerate the snapshot only for a deliberate change of behaviour, and say so in the commit:
    .venv/bin/python -m louyu.matching.tests.test_decisions_unchanged --write
"""
import json
from pathlib import Path

import pytest

from louyu.matching.evaluation import HELDOUT_PATH, dev_dir, load_labelled
from louyu.matching.matcher import BuildingIndex
from louyu.matching.register import load_register_file
from louyu.matching.synthetic import synthetic_addresses, synthetic_register

SNAPSHOT = Path(__file__).resolve().parent / "data" / "decisions_snapshot.json"
SYNTHETIC_BUILDINGS, SYNTHETIC_ADDRESSES = 1000, 2000


def labelled_decisions(path: Path) -> list[list]:
    dev = dev_dir()
    index = BuildingIndex(load_register_file(dev / "buildings.csv"))
    return [[r.id, m.status, m.code] for r, m in
            ((r, index.match(r.address, r.enterprise)) for r in load_labelled(path))]


def synthetic_decisions() -> list[list]:
    register = synthetic_register(SYNTHETIC_BUILDINGS)
    addresses = synthetic_addresses(register, SYNTHETIC_ADDRESSES)
    results = BuildingIndex(register).match_many([a.address for a in addresses])
    return [[a.address, m.status, m.code] for a, m in zip(addresses, results)]


def current_decisions() -> dict[str, list[list]]:
    decisions = {"synthetic": synthetic_decisions()}
    if dev_dir() is not None:
        decisions["dev"] = labelled_decisions(dev_dir() / "dev.csv")
        decisions["heldout"] = labelled_decisions(HELDOUT_PATH)
    return decisions


@pytest.fixture(scope="module")
def snapshot():
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _differences(expected: list[list], actual: list[list]) -> list:
    return [(e, a) for e, a in zip(expected, actual) if e != a][:5]


def test_synthetic_sample_decisions_match_the_snapshot(snapshot):
    actual = synthetic_decisions()
    assert len(actual) == len(snapshot["synthetic"])
    assert not _differences(snapshot["synthetic"], actual)


@pytest.mark.skipif(dev_dir() is None, reason="dev set ../shared/data/address-matching not present")
@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_dev_and_heldout_decisions_match_the_snapshot(snapshot, name):
    path = dev_dir() / "dev.csv" if name == "dev" else HELDOUT_PATH
    actual = labelled_decisions(path)
    assert len(actual) == len(snapshot[name])
    assert not _differences(snapshot[name], actual)


if __name__ == "__main__":  # pragma: no cover - snapshot regeneration
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "louyu.settings")
    django.setup()
    if "--write" in sys.argv:
        SNAPSHOT.write_text(json.dumps(current_decisions(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"written {SNAPSHOT}")
