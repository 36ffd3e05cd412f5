from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Suzhou demo data and the `louyu demo` / `louyu demo-data` commands (no models)."""

    name = "louyu.demo"
    label = "demo"
    verbose_name = "演示数据"
