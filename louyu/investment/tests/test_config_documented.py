"""Every setting of the city's 招商 configuration is used and documented (Datasette's docs tests, small)."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _keys():
    data = json.loads((ROOT / "cities/suzhou/investment.json").read_text(encoding="utf-8"))
    return [f"{section}.{key}" for section, values in data.items() for key in values]


def test_every_investment_setting_is_in_the_user_guide():
    guide = (ROOT / "docs/user-guide.md").read_text(encoding="utf-8")
    assert [k for k in _keys() if f"`{k}`" not in guide] == []


def test_every_investment_setting_is_read_by_the_code():
    code = "".join(p.read_text(encoding="utf-8") for app in ("investment", "filing", "stewardship")
                   for p in (ROOT / "louyu" / app).rglob("*.py") if "tests" not in p.parts)
    assert [k for k in _keys() if f'"{k.split(".")[1]}"' not in code] == []
