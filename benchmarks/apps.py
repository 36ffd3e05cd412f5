from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Not a domain app: it only ships the `louyu bench*` commands (no models)."""

    name = "benchmarks"
    label = "benchmarks"
    verbose_name = "性能基准"
