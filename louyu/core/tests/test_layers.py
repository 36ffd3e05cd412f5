"""The layers hold (the contract in pyproject.toml, docs/architecture.md): core imports no domain app, the
intake does not import the indicators, the apps' APIs do not import the web layer, nothing in louyu imports
the benchmarks. A backward arrow fails `make test` and CI."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                           "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": ""}, capture_output=True, text=True)


def test_the_code_keeps_the_layer_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_backward_arrow_breaks_the_contract(tmp_path):
    code = shutil.ignore_patterns("static", "templates", "migrations", "__pycache__", "*.csv", "*.json", "*.md")
    for package in ("louyu", "benchmarks"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=code)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    audit = tmp_path / "louyu" / "core" / "audit.py"
    audit.write_text(audit.read_text(encoding="utf-8") + "\nfrom louyu.intake import models  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "louyu.core.audit -> louyu.intake.models" in result.stdout
