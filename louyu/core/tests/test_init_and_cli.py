"""`louyu init` is idempotent; the `louyu` entry point reaches every management command."""
import subprocess
import sys

import pytest
from django.core.management import call_command

from louyu.enterprises.models import FeaturedCategory, IndustryCode
from louyu.geo.models import District
from louyu.programme.models import AnnualTarget, KeyTask


@pytest.mark.django_db
def test_init_twice_changes_nothing():
    def snapshot():
        return (
            list(District.objects.values_list("code", "name", "order")),
            IndustryCode.objects.count(),
            list(FeaturedCategory.objects.values_list("code", "industry_prefixes")),
            AnnualTarget.objects.count(),
            list(KeyTask.objects.values_list("order", "task")),
        )

    call_command("init", "--no-migrate", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("init", "--no-migrate", stdout=open("/dev/null", "w"))
    assert snapshot() == first
    assert len(first[0]) == 10


@pytest.mark.django_db
def test_the_ten_areas_carry_division_codes_and_aliases():
    park = District.objects.get(name="工业园区")
    assert park.code == "320571" and park.full_name == "苏州工业园区" and "园区" in park.aliases
    assert "苏州高新区" in District.objects.get(name="虎丘区").aliases
    assert {"平江区", "沧浪区", "金阊区"} <= set(District.objects.get(name="姑苏区").aliases)


@pytest.mark.django_db
def test_featured_categories_map_to_existing_industry_codes():
    assert FeaturedCategory.objects.count() == 6
    for category in FeaturedCategory.objects.all():
        for prefix in category.industry_prefixes:
            assert IndustryCode.objects.filter(code=prefix).exists(), (category.name, prefix)


@pytest.mark.django_db
def test_industry_classification_is_complete_where_required():
    assert IndustryCode.objects.filter(level="section").count() == 20
    assert IndustryCode.objects.filter(level="division").count() == 97
    for section in "JLM":
        assert IndustryCode.objects.filter(section=section, level="class").exists()
    assert IndustryCode.objects.get(code="7231").name == "律师及相关法律服务"


def test_louyu_hands_other_subcommands_to_django():
    out = subprocess.run([sys.executable, "-m", "louyu.cli", "help", "--commands"], capture_output=True, text=True, check=True)
    commands = set(out.stdout.split())
    assert {"init", "migrate", "shell", "createsuperuser"} <= commands


def test_louyu_maps_hyphenated_subcommands(monkeypatch):
    from louyu import cli

    seen = {}
    monkeypatch.setattr("django.core.management.execute_from_command_line", lambda argv: seen.setdefault("argv", argv))
    cli.main(["louyu", "demo-data", "--seed", "1"])
    assert seen["argv"] == ["louyu", "demo_data", "--seed", "1"]
