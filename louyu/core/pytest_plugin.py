"""Loaded by pytest (`-p louyu.core.pytest_plugin` in pyproject.toml) before Django reads its settings:
the test client and the live server speak plain HTTP, while production without DEBUG requires HTTPS."""
import os

os.environ.setdefault("LOUYU_PLAIN_HTTP", "1")
