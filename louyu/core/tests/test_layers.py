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


# --- the same layers for the data: a model's relations point to its own app or below ------------------------

def layer_of() -> dict[str, tuple[int, str]]:
    """app label → (layer index from the top, separator of its layer) from pyproject's contract."""
    import tomllib

    layers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"][0]["layers"]
    out = {}
    for index, layer in enumerate(layers):
        sep = ":" if ":" in layer else "|"
        for module in layer.split(sep):
            module = module.strip()
            if module.startswith("louyu."):
                out[module.removeprefix("louyu.")] = (index, sep)
    return out


def declared_by(model, name: str) -> str:
    """The app of the class that declares a field: an abstract base's field is its app's (core's provenance)."""
    owners = [cls for cls in model.__mro__ if hasattr(cls, "_meta")
              and name in {f.name for f in (*cls._meta.local_fields, *cls._meta.local_many_to_many)}]
    return owners[-1]._meta.app_label


def upward_relations() -> list[str]:
    from django.apps import apps

    layers, wrong = layer_of(), []
    for model in apps.get_models():
        if not model.__module__.startswith("louyu.") or model._meta.app_label not in layers:
            continue
        for field in model._meta.get_fields():
            # Declared relations only (reverse accessors are the other model's).
            if not (field.is_relation and field.concrete or field.many_to_many and not field.auto_created):
                continue
            target = field.related_model._meta
            label = f"{target.app_label}.{target.object_name}"
            source = declared_by(model, field.name)
            if target.app_label == source or target.app_label not in layers:
                continue
            (mine, sep), (theirs, _) = layers[source], layers[target.app_label]
            if theirs < mine or (theirs == mine and sep == "|"):
                wrong.append(f"{model._meta.label}.{field.name} → {label}")
    return sorted(set(wrong))


def test_every_model_relation_points_to_its_own_app_or_a_lower_layer(db):
    assert upward_relations() == []
