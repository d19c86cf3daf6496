"""Import jobs behind the upload pages: upload → validate (background) → preview → confirm → import (background).

A job is scoped like the importer's org (its path and county are copied on creation). Validation runs the
importer in dry-run mode; confirmation runs it again for real, so whatever changed in between is checked again
and the file is still imported all or nothing. The uploaded file holds clear ID numbers: it is deleted as soon as
the job is finished or rejected.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from dangjian.core import services
from dangjian.core.audit import audit_context
from dangjian.core.models import ImportJob, ImportKind, ImportStatus, User
from dangjian.core.permissions import can_import, require

from .orgs import may_import_orgs, org_import, org_preview
from .results import ImportResult, Progress, RowError
from .roster import roster_import, roster_preview

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
ACTIVE_STATUSES = (ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.IMPORTING)
_PROGRESS_STEP = 1000

Importer = Callable[..., ImportResult]
IMPORTERS: dict[str, Importer] = {ImportKind.ROSTER: roster_import, ImportKind.ORGS: org_import}
PREVIEWS: dict[str, Callable[..., list[dict[str, Any]]]] = {
    ImportKind.ROSTER: roster_preview,
    ImportKind.ORGS: org_preview,
}


def may_import(actor: Any, kind: str) -> bool:
    if kind == ImportKind.ORGS:
        return may_import_orgs(actor)
    return actor is None or can_import(actor)


def job_create(*, actor: User, kind: str, upload: UploadedFile) -> ImportJob:
    """Store an uploaded file as a new job and queue its validation."""
    from dangjian.core import tasks

    if kind not in ImportKind.values:
        raise ValidationError({"kind": "导入类型无效"})
    require(may_import(actor, kind), "没有导入该类数据的权限")
    name = (upload.name or "").rsplit("/", 1)[-1]
    if not name.lower().endswith(".xlsx"):
        raise ValidationError({"file": "请上传 Excel (.xlsx) 文件(旧版 .xls 请先另存为 .xlsx)"})
    if not upload.size:
        raise ValidationError({"file": "文件为空"})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": f"文件超过{MAX_UPLOAD_BYTES // 1024 // 1024}MB,请分成几个文件导入"})
    org = actor.org
    job = ImportJob(
        kind=kind,
        created_by=actor,
        county_id=services.county_id_of(org),
        org_path=org.path if org is not None else "",
        original_name=name[:255],
    )
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    tasks.validate_import.enqueue(job.pk)
    return job


def job_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Confirm a validated job; the import itself runs in the background as the confirming user."""
    from dangjian.core import tasks

    require(may_import(actor, job.kind), "没有导入该类数据的权限")
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, message="等待写入"
    )
    if not claimed:
        raise ValidationError("该导入任务不在待确认状态(可能已经确认过)")
    tasks.run_import.enqueue(job.pk, actor.pk)
    job.refresh_from_db()
    return job


def _update(job: ImportJob, **values: Any) -> None:
    """Progress and status in their own short statement (never inside the import's transaction)."""
    ImportJob.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)


def _progress_of(job: ImportJob) -> Progress:
    last = {"validate": -_PROGRESS_STEP}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "parse":
            if done == total:
                _update(job, total_rows=total, processed_rows=0, message="正在校验")
        elif stage == "validate":
            if done - last["validate"] >= _PROGRESS_STEP or done == total:
                last["validate"] = done
                _update(job, processed_rows=done, total_rows=max(total, job.total_rows))
        elif stage == "write" and done == 0:
            _update(job, message="正在写入")

    return progress


def _finish(job: ImportJob, result: ImportResult, *, status: str, message: str) -> None:
    values: dict[str, Any] = {
        "status": status,
        "total_rows": result.total_rows,
        "processed_rows": result.total_rows,
        "created_count": result.created,
        "updated_count": result.updated,
        "unchanged_count": result.unchanged,
        "errors": [e.as_dict() for e in result.errors],
        "message": message[:500],
    }
    if status != ImportStatus.VALIDATED:
        values["finished_at"] = timezone.now()
        _discard_file(job)
        values["file"] = ""
    _update(job, **values)


def _discard_file(job: ImportJob) -> None:
    if job.file and job.file.name:
        try:
            job.file.storage.delete(job.file.name)
        except OSError:
            logger.warning("could not delete the uploaded file of import job %s", job.pk)


def _run(job: ImportJob, actor: User, *, dry_run: bool) -> ImportResult:
    importer = IMPORTERS[job.kind]
    with job.file.open("rb") as handle, audit_context(source="import", request_id=f"import-{job.pk}"):
        return importer(
            actor=actor,
            source=handle,
            file_name=job.original_name,
            dry_run=dry_run,
            job=job,
            progress=_progress_of(job),
        )


def run_validation(job_id: int) -> None:
    """Background step 1: read and check every row; the job then shows a preview or the error list."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.PENDING:
        return
    _update(job, status=ImportStatus.VALIDATING, processed_rows=0, message="正在读取文件")
    _guarded(job, lambda: _validated(job, _run(job, job.created_by, dry_run=True)))


def _validated(job: ImportJob, result: ImportResult) -> None:
    if result.errors:
        _finish(job, result, status=ImportStatus.INVALID, message=f"发现{len(result.errors)}处错误,未导入任何数据")
    else:
        _finish(job, result, status=ImportStatus.VALIDATED, message="校验通过,请确认导入")


def run_import(job_id: int, actor_id: int) -> None:
    """Background step 2 (after confirmation): check again and write everything in one transaction."""
    job = ImportJob.objects.filter(pk=job_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if job is None or job.status != ImportStatus.IMPORTING:
        return
    if actor is None:
        _update(job, status=ImportStatus.FAILED, message="确认导入的账号不存在")
        return
    _guarded(job, lambda: _imported(job, _run(job, actor, dry_run=False)))


def _imported(job: ImportJob, result: ImportResult) -> None:
    if result.errors:
        _finish(job, result, status=ImportStatus.INVALID, message=f"发现{len(result.errors)}处错误,未导入任何数据")
    else:
        _finish(job, result, status=ImportStatus.DONE, message=f"导入完成: {result.summary()}")


def _guarded(job: ImportJob, step: Callable[[], None]) -> None:
    try:
        step()
    except PermissionDenied as exc:
        _discard_file(job)
        _update(job, status=ImportStatus.FAILED, message=str(exc) or "没有权限", file="", finished_at=timezone.now())
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _discard_file(job)
        _update(
            job,
            status=ImportStatus.FAILED,
            message="处理文件时发生内部错误,未导入任何数据;请联系管理员查看日志",
            file="",
            finished_at=timezone.now(),
        )


def job_preview(*, actor: Any, job: ImportJob, limit: int = 20) -> list[dict[str, Any]]:
    """The first rows of a validated job as they will be imported (ID numbers masked)."""
    if job.status != ImportStatus.VALIDATED or not job.file:
        return []
    with job.file.open("rb") as handle:
        return PREVIEWS[job.kind](actor=actor, source=handle, limit=limit)


def job_errors(job: ImportJob) -> list[RowError]:
    return [RowError.from_dict(e) for e in job.errors or []]
