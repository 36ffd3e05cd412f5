"""`louyu backup PATH` / `louyu restore PATH`: the whole platform in one database-agnostic zip.

The zip holds one JSON-lines file per model (Django's python serializer, times to the microsecond, foreign keys to content types and
permissions by natural key, so it loads into SQLite or PostgreSQL alike), the uploaded files under media/,
and manifest.json with every file's row count and SHA-256. A restore checks the whole manifest first and
refuses a damaged or altered backup before touching anything; then, in one transaction, it empties the
tables it holds and loads them (foreign keys are checked at commit, so order does not matter), and resets
PostgreSQL's id sequences. Sessions are not kept: everyone signs in again after a restore.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
APPS = ("auth",)  # besides every louyu app


class BackupError(Exception):
    """A backup that cannot be restored (message in Chinese)."""


def backed_up_models() -> list:
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.app_label
        module = model.__module__
        if (module.startswith("louyu.") or label in APPS or model._meta.auto_created and
                (model._meta.auto_created.__module__.startswith("louyu.") or model._meta.auto_created._meta.app_label in APPS)):
            if model._meta.proxy or not model._meta.managed:
                continue
            chosen.append(model)
    return chosen


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to milliseconds; a backup keeps them to the microsecond."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backup(path) -> dict:
    """Write the backup to `path`; returns the manifest."""
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "database": connection.vendor, "models": {}, "media": {}}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for model in backed_up_models():
            label = model._meta.label
            stream = io.StringIO()
            rows = model._base_manager.order_by("pk")
            for item in serializers.serialize("python", rows.iterator(chunk_size=2000), use_natural_foreign_keys=True):
                stream.write(json.dumps(item, cls=ExactEncoder, ensure_ascii=False) + "\n")
            data = stream.getvalue().encode("utf-8")
            archive.writestr(f"data/{label}.jsonl", data)
            manifest["models"][label] = {"rows": rows.count(), "sha256": _sha(data)}
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            for file in sorted(p for p in media.rglob("*") if p.is_file()):
                data = file.read_bytes()
                name = file.relative_to(media).as_posix()
                archive.writestr(f"media/{name}", data)
                manifest["media"][name] = _sha(data)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _verified(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise BackupError("不是平台备份文件：缺少 manifest.json") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式版本 {manifest.get('format')} 与本平台（{FORMAT}）不符")
    problems = []
    known = {m._meta.label for m in backed_up_models()}
    for label, entry in manifest["models"].items():
        if label not in known:
            problems.append(f"{label}：本平台没有该数据表")
            continue
        data = archive.read(f"data/{label}.jsonl")
        if _sha(data) != entry["sha256"]:
            problems.append(f"{label}：校验和不符（文件已损坏或被改动）")
        elif sum(1 for line in data.splitlines() if line.strip()) != entry["rows"]:
            problems.append(f"{label}：行数与清单不符")
    for name, digest in manifest["media"].items():
        if _sha(archive.read(f"media/{name}")) != digest:
            problems.append(f"上传文件 {name}：校验和不符")
    if problems:
        raise BackupError("备份文件校验失败，未恢复任何数据：" + "；".join(problems))
    return manifest


def restore(path) -> dict:
    """Replace the database's contents (and uploads) with the backup at `path`; returns the manifest."""
    with zipfile.ZipFile(path) as archive:
        manifest = _verified(archive)
        models = [apps.get_model(label) for label in manifest["models"]]
        with transaction.atomic():
            for model in reversed(models):
                model._base_manager.all()._raw_delete(connection.alias)  # FKs are checked at commit
            for model in models:
                lines = archive.read(f"data/{model._meta.label}.jsonl").decode("utf-8").splitlines()
                items = (json.loads(line) for line in lines if line.strip())
                for obj in serializers.deserialize("python", items, handle_forward_references=True):
                    obj.save()
            sequences = connection.ops.sequence_reset_sql(no_style(), models)
            if sequences:
                with connection.cursor() as cursor:
                    for sql in sequences:
                        cursor.execute(sql)
        media = Path(settings.MEDIA_ROOT)
        for name in manifest["media"]:
            target = media / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(f"media/{name}"))
    return manifest
