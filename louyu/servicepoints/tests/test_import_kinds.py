"""三(五)'s registers arrive as files too: 政务服务点, 月度办件量, 楼宇党组织, 招商运营团队 and 议定事项 import through
the intake (templates, every bad cell with its reason in Chinese, a bad file rejected whole) and export again."""
import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from louyu import factories as f
from louyu.events.models import Resolution
from louyu.intake.services import import_file
from louyu.servicepoints.models import PartyOrganisation, ServicePoint, ServiceVolume
from louyu.teams.models import OperationTeam
from louyu.web.imports import upload_kinds

pytestmark = pytest.mark.django_db

KINDS = ("service_points", "service_volumes", "party_organisations", "operation_teams", "resolutions")


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return str(path)


@pytest.fixture
def building():
    return f.BuildingFactory(code="GS-001", name="苏州中心", district=f.district("姑苏区"))


def reasons(batch):
    return {(e["row"], e["column"]): e["reason"] for e in batch.errors}


def test_the_import_page_offers_every_new_register_and_its_template(admin_client):
    from openpyxl import load_workbook

    offered = dict(upload_kinds())
    assert {"service_points": "政务服务点", "service_volumes": "服务点月度办件量", "party_organisations": "楼宇党组织",
            "operation_teams": "招商运营团队", "resolutions": "议定事项"}.items() <= offered.items()
    page = admin_client.get(reverse("web:import_upload")).content.decode()
    for kind in KINDS:
        assert reverse("web:import_template", args=[kind]) in page
        response = admin_client.get(reverse("web:import_template", args=[kind]))
        assert response.status_code == 200
        header = [c.value for c in next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(max_row=1))]
        assert header[0] in ("楼宇编码", "团队名称", "会议名称")


def test_service_points_and_their_monthly_counts_import_with_the_catalogue(tmp_path, building):
    f.GovernmentServiceFactory(code="S1", name="企业开办")
    f.GovernmentServiceFactory(code="S2", name="社保登记", self_service=False)
    points = write_csv(tmp_path / "p.csv", [["楼宇编码", "服务点名称", "提供的服务", "设有自助终端"],
                                             ["GS-001", "中心政务服务站", "企业开办；S2", "是"]])
    call_command("import", "service_points", points, stdout=(out := io.StringIO()))
    assert "新增 1" in out.getvalue()
    point = ServicePoint.objects.get()
    assert sorted(point.services.values_list("code", flat=True)) == ["S1", "S2"] and point.has_self_service_terminal
    volumes = write_csv(tmp_path / "v.csv", [["楼宇编码", "服务点名称", "月份", "办件量", "其中自助办理"],
                                              ["GS-001", "中心政务服务站", "2023-05", "300", "120"],
                                              ["GS-001", "中心政务服务站", "2023-06", "280", "140"]])
    call_command("import", "service_volumes", volumes, stdout=io.StringIO())
    assert list(ServiceVolume.objects.values_list("period", "transactions", "self_service")) == [
        (dt.date(2023, 5, 1), 300, 120), (dt.date(2023, 6, 1), 280, 140)]


def test_bad_service_files_are_rejected_whole_with_every_reason_in_chinese(tmp_path, building):
    f.ServicePointFactory(name="中心政务服务站", building=building)
    points = write_csv(tmp_path / "p.csv", [["楼宇编码", "服务点名称", "提供的服务"],
                                             ["GS-001", "新服务点", "代办火星签证"],
                                             ["XX-404", "无名服务点", ""]])
    batch = import_file(kind="service_points", path_or_file=points, actor=None)
    assert batch.status == "rejected" and ServicePoint.objects.count() == 1
    found = reasons(batch)
    assert "不在政务服务事项目录中：代办火星签证" in found[(2, "提供的服务")]
    assert "不在楼宇名录中" in found[(3, "楼宇编码")]
    volumes = write_csv(tmp_path / "v.csv", [["楼宇编码", "服务点名称", "月份", "办件量", "其中自助办理"],
                                              ["GS-001", "中心政务服务站", "2023-05", "100", "150"],
                                              ["GS-001", "不存在的服务点", "2023-05", "100", "10"],
                                              ["GS-001", "中心政务服务站", "2023-05", "100", "10"]])
    batch = import_file(kind="service_volumes", path_or_file=volumes, actor=None)
    assert batch.status == "rejected" and not ServiceVolume.objects.exists()
    found = reasons(batch)
    assert found[(2, "其中自助办理")] == "其中自助办理（150）不能多于办件量（100）"
    assert "没有名为“不存在的服务点”的服务点" in found[(3, "服务点名称")]


def test_party_organisations_need_three_members_and_a_district_editor_stays_in_scope(tmp_path, building):
    f.BuildingFactory(code="WZ-001", district=f.district("吴中区"))
    path = write_csv(tmp_path / "o.csv", [["楼宇编码", "党组织名称", "类型", "依托单位", "党员人数"],
                                           ["GS-001", "中心联合党支部", "联合党组织", "中心运营公司", "2"],
                                           ["WZ-001", "吴中党支部", "独立党组织", "吴中公司", "8"],
                                           ["GS-001", "中心党支部", "学习小组", "中心运营公司", "5"]])
    batch = import_file(kind="party_organisations", path_or_file=path, actor=f.district_editor("姑苏区"))
    assert batch.status == "rejected" and not PartyOrganisation.objects.exists()
    found = reasons(batch)
    assert "党员人数不少于 3 人" in found[(2, "党员人数")]
    assert "超出本人负责的地区（姑苏区）" in found[(3, "楼宇编码")]
    assert (4, "类型") in found


def test_an_operation_team_file_names_its_district_and_buildings(tmp_path, building):
    path = write_csv(tmp_path / "t.csv", [["团队名称", "所属公司", "所在地区", "运营楼宇"],
                                           ["中心运营团队", "中心运营公司", "姑苏区", "GS-001"],
                                           ["外地团队", "某公司", "火星区", "GS-001；XX-404"]])
    batch = import_file(kind="operation_teams", path_or_file=path, actor=None)
    assert batch.status == "rejected" and not OperationTeam.objects.exists()
    assert "未知地区" in reasons(batch)[(3, "所在地区")]
    write_csv(tmp_path / "t.csv", [["团队名称", "所属公司", "所在地区", "运营楼宇"], ["中心运营团队", "中心运营公司", "姑苏区", "GS-001"]])
    assert import_file(kind="operation_teams", path_or_file=path, actor=None).status == "committed"
    assert list(OperationTeam.objects.get().buildings.values_list("code", flat=True)) == ["GS-001"]


def test_resolutions_attach_to_a_registered_joint_meeting_only(tmp_path):
    f.EventFactory(name="全市楼宇经济联席会议", kind="joint_meeting", district=None, held_on=dt.date(2023, 6, 20))
    f.EventFactory(name="姑苏推介会", held_on=dt.date(2023, 5, 6))
    header = ["会议名称", "会议日期", "议定事项", "责任单位", "完成时限", "状态", "完成日期"]
    bad = write_csv(tmp_path / "r.csv", [header,
                                          ["全市楼宇经济联席会议", "2023-06-20", "产权分割试点", "市住建局", "2023-09-30", "已完成", ""],
                                          ["姑苏推介会", "2023-05-06", "补足推介活动", "姑苏区", "", "", ""],
                                          ["全市楼宇经济联席会议", "2023-06-21", "另一事项", "市商务局", "", "", ""]])
    batch = import_file(kind="resolutions", path_or_file=bad, actor=None)
    assert batch.status == "rejected" and not Resolution.objects.exists()
    found = reasons(batch)
    assert found[(2, "完成日期")] == "状态为“已完成”时须填写完成日期"
    assert "只有联席会议登记议定事项" in found[(3, "会议名称")]
    assert "没有 2023-06-21 举办的" in found[(4, "会议名称")]
    good = write_csv(tmp_path / "ok.csv", [header, ["全市楼宇经济联席会议", "2023-06-20", "产权分割试点", "市住建局", "2023-09-30", "", ""]])
    call_command("import", "resolutions", good, stdout=io.StringIO())
    resolution = Resolution.objects.get()
    assert (resolution.owner, resolution.status, resolution.event.name) == ("市住建局", "open", "全市楼宇经济联席会议")
    out = tmp_path / "export.csv"
    call_command("export", "resolutions", output=str(out), stdout=io.StringIO())
    assert "产权分割试点" in out.read_text(encoding="utf-8-sig")
