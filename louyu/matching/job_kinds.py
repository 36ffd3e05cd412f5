"""Batch address matching (file in, file out) as a background job (registered from MatchingConfig.ready)."""
from __future__ import annotations

from pathlib import Path

from louyu.jobs.kinds import owned_files, register

# 地址批量匹配 ---------------------------------------------------------------------------------------------

def _match_links(job) -> list:
    from django.urls import reverse

    return [("下载匹配结果（CSV）", reverse("jobs:download", args=[job.pk]))]


@register("match_file", label=lambda a: f"地址批量匹配：{a['input_name']}",
          key=lambda a: f"match_file:{a['sha256']}", resumable=True,
          summary=lambda r: f"共 {r['rows']:,} 条：匹配 {r['matched']:,} 条，待复核 {r['review']:,} 条，无匹配 {r['none']:,} 条。",
          links=_match_links, cleanup=owned_files("registry", "input"))
def match_file_job(*, actor, progress, registry: str, input: str, output: str, input_name: str = "", sha256: str = "") -> dict:
    """File in, file out (louyu.matching.batch); the output file is written whole or not at all."""
    from louyu.matching.batch import match_file

    progress(0, None, "读取楼宇名录与地址")
    partial = Path(output).with_suffix(".partial")
    summary = match_file(registry, input, partial, progress=progress)
    partial.replace(output)
    return {"rows": summary.rows, "matched": summary.matched, "review": summary.review, "none": summary.none,
            "seconds": summary.seconds, "output": str(output)}
