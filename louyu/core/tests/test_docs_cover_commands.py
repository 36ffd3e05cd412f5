"""Every `louyu` subcommand is documented in the README (Datasette's docs tests, small)."""
from pathlib import Path

from django.core.management import get_commands

README = Path(__file__).resolve().parents[3] / "README.md"


def louyu_commands() -> set[str]:
    return {name for name, app in get_commands().items() if app.startswith(("louyu.", "benchmarks"))}


def test_every_louyu_command_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = {name for name in louyu_commands() if f"louyu {name.replace('_', '-')}" not in text}
    assert not missing, f"README 未说明的命令：{sorted(missing)}"


def test_the_readme_opens_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    first_block = text[text.index("```bash") : text.index("```", text.index("```bash") + 3)]
    assert first_block.splitlines()[1].startswith("make demo") and first_block.splitlines()[2].startswith("make test")
