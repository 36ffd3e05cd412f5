"""The `louyu` console entry point.

Every louyu subcommand is a Django management command (so `manage.py X` works too); any other
subcommand is handed to Django's management (`louyu migrate`, `louyu shell`).
"""
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "louyu.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "louyu"
    if len(argv) > 1 and not argv[1].startswith("-"):
        # `louyu demo-data` is the management command `demo_data`.
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
