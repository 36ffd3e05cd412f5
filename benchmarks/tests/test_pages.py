"""The page benchmark's helpers."""
import pytest

from benchmarks import pages as bench


def test_percentiles_pick_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.5) == 51.0
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile(list(reversed(values)), 0.95) == 95.0  # order of samples does not matter


@pytest.mark.parametrize("path,kind", [("/cockpit/", "全市驾驶舱"), ("/buildings/12/", "楼宇画像"), ("/buildings/?page=2", "楼宇名录"),
                                       ("/buildings/?district=3&sort=-office_area", "楼宇名录（筛选+排序）"),
                                       ("/enterprises/7/", "企业画像"), ("/map/buildings.json", "地图数据")])
def test_bench_classifies_each_logged_request_by_page(path, kind):
    assert bench.kind_of(path) == kind
