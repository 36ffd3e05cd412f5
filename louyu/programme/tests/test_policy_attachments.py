"""附件1 and 附件2 are loaded from data files; this parses the policy text itself and compares."""
import re
from pathlib import Path

import pytest

from louyu.geo.reference import load_city
from louyu.programme.models import AnnualTarget, KeyTask, TargetColumn

CITY = load_city("suzhou")
POLICY = CITY.path(CITY.policy["text"])
SHARED_POLICY = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "000_6ab52b55ca698544.txt"


def policy_text() -> str:
    return POLICY.read_text(encoding="utf-8")


def parse_annex1(text: str) -> dict[str, list[int]]:
    block = text[text.index("全市各地 2023 年度楼宇经济发展目标清单", text.index("附件 1")) :]
    rows = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) == 7 and all(re.fullmatch(r"\d+", c) for c in cells[1:]):
            rows[cells[0]] = [int(c) for c in cells[1:]]
        if cells[0] == "全市合计":
            break
    return rows


def parse_annex2(text: str) -> list[tuple[int, str, str, str]]:
    block = text[text.rindex("苏州市促进楼宇经济高质量发展推进方案重点任务清单") :]
    tasks, seq, area = [], None, None
    for line in block.splitlines():
        cells = line.split("\t")
        if len(cells) != 5 or cells[0] == "序号":
            continue
        if cells[0].strip():
            seq, area = int(cells[0]), cells[1].strip()
        for paragraph in re.findall(r"<p>(.*?)</p>", cells[2]) or [cells[2]]:
            tasks.append((seq, area, paragraph.strip(), cells[3].strip()))
    return tasks


def test_the_shipped_policy_text_is_the_official_seed_text():
    if not SHARED_POLICY.exists():
        pytest.skip("shared/ policy folder not beside this checkout")
    assert POLICY.read_bytes() == SHARED_POLICY.read_bytes()


@pytest.mark.django_db
def test_annex1_targets_loaded_equal_the_policy_text():
    parsed = parse_annex1(policy_text())
    total = parsed.pop("全市合计")
    fields = [c.value for c in TargetColumn]
    loaded = {
        t.district.name: [getattr(t, f) for f in fields]
        for t in AnnualTarget.objects.filter(year=2023).select_related("district")
    }
    assert loaded == parsed
    assert len(loaded) == 10


def test_annex1_city_total_row_equals_the_sum_of_the_districts():
    parsed = parse_annex1(policy_text())
    total = parsed.pop("全市合计")
    assert total == [347, 18, 87, 27, 7, 77]
    assert [sum(col) for col in zip(*parsed.values())] == total


@pytest.mark.django_db
def test_annex1_districts_are_the_citys_ten_areas_in_order():
    parsed = parse_annex1(policy_text())
    parsed.pop("全市合计")
    assert list(parsed) == [d.name for d in CITY.districts]


@pytest.mark.django_db
def test_annex2_key_tasks_loaded_equal_the_policy_text():
    parsed = parse_annex2(policy_text())
    loaded = [(t.seq, t.area, t.task, t.deadline_text) for t in KeyTask.objects.order_by("order")]
    assert loaded == parsed
    assert {t.seq for t in KeyTask.objects.all()} == {1, 2, 3, 4, 5}


@pytest.mark.django_db
def test_april_deadline_tasks_carry_a_date_and_continuing_ones_none():
    for task in KeyTask.objects.all():
        if "4 月底前" in task.deadline_text:
            assert task.deadline.isoformat() == "2023-04-30"
        else:
            assert task.deadline is None and task.deadline_text == "持续推进"


@pytest.mark.django_db
def test_responsible_units_are_split_one_per_unit():
    task = KeyTask.objects.get(order=2)
    assert task.responsible_units == ["市住建局"]
    monitoring = KeyTask.objects.filter(seq=2).first()
    assert "市发改委" in monitoring.responsible_units and "市国资委" in monitoring.responsible_units
