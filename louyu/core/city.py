"""Where the city's configuration lives (cities/<slug>/): the folder and the slug in force. In core because the
permission module reads the city's access.json; louyu.geo.reference reads the rest of the folder."""
from __future__ import annotations

import os
from pathlib import Path


def cities_dir() -> Path:
    configured = os.environ.get("LOUYU_CITIES_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent.parent / "cities"


def current_city_slug() -> str:
    try:
        from django.conf import settings

        if settings.configured:
            return settings.LOUYU_CITY
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return os.environ.get("LOUYU_CITY", "suzhou")
