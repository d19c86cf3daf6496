"""Import and export pages: upload → background validation with progress → preview or errors → confirm → done."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core.io import jobs
from dangjian.core.io.export import export_file_name, export_roster
from dangjian.core.io.sheets import SPECS, build_error_report, build_template
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import ImportJob, ImportKind, ImportStatus, Org
from dangjian.core.permissions import can_import
from dangjian.core.scoping import get_scoped_or_404, scoped

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 200


def _require_importer(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied("没有导入导出的权限")


def _kind_or_404(kind: str) -> ImportKind:
    if kind not in ImportKind.values:
        raise Http404("导入类型不存在")
    return ImportKind(kind)


def _url_or_workbench(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse("core:workbench")


def _own_org_code(user: Any) -> str:
    org = getattr(user, "org", None)
    return org.code if org is not None else ""


@login_required
@require_GET
def import_home(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    user = request.user
    job_list = scoped(ImportJob, user).select_related("created_by")
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    if search:
        job_list = job_list.filter(original_name__icontains=search)
    if kind in ImportKind.values:
        job_list = job_list.filter(kind=kind)
    if status in ImportStatus.values:
        job_list = job_list.filter(status=status)
    page = Paginator(job_list.order_by("-created_at", "-id"), 20).get_page(request.GET.get("page"))
    export_orgs = [
        (org.code, "\u3000" * (org.depth - 1) + f"{org.name}({org.code})")
        for org in scoped(Org, user).order_by("path").only("code", "name", "depth", "path")[:1000]
    ]
    context = {
        "page": page,
        "search": search,
        "kind": kind,
        "status": status,
        "kinds": ImportKind.choices,
        "statuses": ImportStatus.choices,
        "can_import_orgs": jobs.may_import(user, ImportKind.ORGS),
        "export_orgs": export_orgs,
        "own_code": _own_org_code(user),
        "can_reveal": can_import(user),
    }
    return render(request, "core/import_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    _require_importer(request)
    kind = _kind_or_404(kind)
    if not jobs.may_import(request.user, kind):
        raise PermissionDenied("没有导入该类数据的权限")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要上传的 .xlsx 文件"
        else:
            try:
                job = jobs.job_create(actor=request.user, kind=kind, upload=upload)  # type: ignore[arg-type]
            except ValidationError as exc:
                error = "; ".join(exc.messages)
            else:
                return redirect("core:import_job", pk=job.pk)
    context = {"kind": kind, "kind_label": ImportKind(kind).label, "spec": SPECS[kind], "error": error}
    return render(request, "core/import_upload.html", context, status=400 if error else 200)


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    job = get_scoped_or_404(ImportJob, request.user, pk=pk)
    errors = jobs.job_errors(job)
    context = {
        "job": job,
        "active": job.status in jobs.ACTIVE_STATUSES,
        "writing": job.status == ImportStatus.IMPORTING and job.message == "正在写入",
        "errors": errors[:ERRORS_SHOWN],
        "error_count": len(errors),
        "more_errors": max(len(errors) - ERRORS_SHOWN, 0),
        "preview": jobs.job_preview(actor=request.user, job=job) if job.status == ImportStatus.VALIDATED else [],
        "headers": SPECS[ImportKind(job.kind)].headers,
        "done_url": _url_or_workbench("core:person_list" if job.kind == ImportKind.ROSTER else "core:org_tree"),
        "can_confirm": job.status == ImportStatus.VALIDATED and jobs.may_import(request.user, job.kind),
    }
    template = "core/import_job_status.html" if request.headers.get("HX-Request") else "core/import_job.html"
    return render(request, template, context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    job = get_scoped_or_404(ImportJob, request.user, pk=pk)
    try:
        jobs.job_confirm(actor=request.user, job=job)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("core:import_job", pk=job.pk)


@login_required
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    job = get_scoped_or_404(ImportJob, request.user, pk=pk)
    content = build_error_report(jobs.job_errors(job), file_name=job.original_name)
    return xlsx_response(content, f"导入错误清单-{job.pk}.xlsx")


@login_required
@require_GET
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    _require_importer(request)
    spec = SPECS[_kind_or_404(kind)]
    return xlsx_response(build_template(spec), spec.file_name)


@login_required
@require_GET
def roster_export(request: HttpRequest) -> FileResponse:
    _require_importer(request)
    user = request.user
    code = request.GET.get("org", "").strip()
    org = get_scoped_or_404(Org, user, code=code) if code else getattr(user, "org", None)
    reveal = request.GET.get("reveal") == "1"
    file_name = export_file_name(org)
    # Streamed through a temporary file: openpyxl's write-only mode keeps memory flat for 30,000 rows.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        export_roster(actor=user, org=org, destination=handle, reveal=reveal, file_name=file_name)
    except PermissionDenied:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=file_name, content_type=XLSX)


urlpatterns = [
    path("imports/", import_home, name="import_home"),
    path("imports/upload/<str:kind>/", import_upload, name="import_upload"),
    path("imports/jobs/<int:pk>/", import_job, name="import_job"),
    path("imports/jobs/<int:pk>/confirm/", import_confirm, name="import_confirm"),
    path("imports/jobs/<int:pk>/errors.xlsx", import_errors, name="import_errors"),
    path("imports/templates/<str:kind>.xlsx", template_download, name="template_download"),
    path("exports/roster.xlsx", roster_export, name="roster_export"),
]
