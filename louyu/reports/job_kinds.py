"""The blue book, the monthly briefing and a district's report as background jobs (registered from
ReportsConfig.ready): generating a book takes tens of seconds, never a web worker's."""
from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from louyu.geo.models import District
from louyu.jobs.kinds import register

from . import services

FORMATS = ("docx", "pdf")


def output_path(name: str, fmt: str) -> str:
    """Where a job writes its document: a folder of its own under MEDIA_ROOT/reports (downloaded from the job)."""
    folder = Path(settings.MEDIA_ROOT) / "reports" / uuid.uuid4().hex
    return str(folder / f"{name}.{fmt}")


def _download(job) -> list:
    return [("下载文件", reverse("jobs:download", args=[job.pk]))]


def _summary(result: dict) -> str:
    return f"已生成 {result['format'].upper()}（{result['bytes'] / 1024:,.0f} KB，用时 {result['seconds']:.1f} 秒）。"


def _done(result: dict) -> dict:
    return {**result, "output": result["path"]}


@register("bluebook", label=lambda a: f"{a['year']} 年楼宇经济高质量发展蓝皮书（{a['output'][-4:].upper().lstrip('.')}）",
          key=lambda a: f"bluebook:{a['year']}:{Path(a['output']).suffix}", resumable=True, summary=_summary, links=_download)
def bluebook_job(*, actor, progress, year: int, output: str) -> dict:
    return _done(services.bluebook_generate(year=year, path=output, actor=actor, progress=progress))


@register("briefing", label=lambda a: f"{a['month']} 楼宇经济运行监测简报",
          key=lambda a: f"briefing:{a['month']}:{Path(a['output']).suffix}", resumable=True, summary=_summary, links=_download)
def briefing_job(*, actor, progress, month: str, output: str) -> dict:
    return _done(services.briefing_generate(month=month, path=output, actor=actor, progress=progress))


@register("district_report", label=lambda a: f"{a['district_name']} {a['year']} 年楼宇经济发展报告",
          key=lambda a: f"district_report:{a['district_id']}:{a['year']}:{Path(a['output']).suffix}", resumable=True,
          summary=_summary, links=_download)
def district_report_job(*, actor, progress, district_id: int, district_name: str, year: int, output: str) -> dict:
    district = District.objects.get(pk=district_id)
    return _done(services.district_report_generate(district=district, year=year, path=output, actor=actor, progress=progress))
