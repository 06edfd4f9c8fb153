"""Import and export pages of the admin, wired to a ModelAdmin by `SpreadsheetAdminMixin`.

Import is two steps: upload (checked, then imported in a transaction that is rolled
back: the preview) and confirm (the same file, imported for real, all rows or none).
Between the two the file waits in the database (PendingImport, so that any app server
can confirm it), named by a signed token and bound to the user and the list, for at most
PENDING_MAX_AGE seconds.
"""

import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import audit

from .files import (
    FORMATS,
    MAX_CELL_CHARS,
    MAX_ROWS,
    MAX_UPLOAD_LABEL,
    SpreadsheetError,
    read_bytes,
    read_upload,
    spreadsheet_response,
)
from .importing import spreadsheet_import
from .models import PendingImport

logger = logging.getLogger(__name__)

PENDING_MAX_AGE = 60 * 60
PENDING_SALT = "spreadsheets.import"
PREVIEW_LIMIT = 500
# From these sizes on, the page says while it works that the file may take a minute or two
# (static/js/import-progress.js): an upload's bytes, a confirmed import's rows.
LARGE_UPLOAD_BYTES = 256 * 1024
LARGE_IMPORT_ROWS = 2000


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        help_text=(
            f"Excel 工作簿（.xlsx）或 CSV 文件（.csv，UTF-8 或 GBK 编码），不超过{MAX_UPLOAD_LABEL}、{MAX_ROWS:,}行。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": "请选择要导入的文件。",
            "empty": "文件是空的，没有任何内容。",
            "invalid": "没有收到文件，请重新选择后上传。",
        },
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def _store_pending(data, extension, *, user, model_admin, file_name):
    """Keep an upload for its confirmation; returns the signed token naming it."""
    PendingImport.objects.filter(created_at__lt=timezone.now() - timedelta(seconds=PENDING_MAX_AGE * 2)).delete()
    pending = PendingImport.objects.create(
        key=uuid.uuid4().hex,
        user=user,
        model_label=model_admin.opts.label,
        file_name=file_name[:255],
        extension=extension[:8],
        data=data,
    )
    return signing.dumps({"key": pending.key}, salt=PENDING_SALT)


def _load_pending(token, *, user, model_admin):
    """The PendingImport a token names, for this user and list, or raise SpreadsheetError."""
    try:
        key = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE).get("key")
    except signing.SignatureExpired as exc:
        raise SpreadsheetError("预览已超过1小时失效，请重新上传文件。") from exc
    except (signing.BadSignature, AttributeError) as exc:
        raise SpreadsheetError("导入确认无效，请重新上传文件。") from exc
    pending = PendingImport.objects.filter(key=str(key), user=user, model_label=model_admin.opts.label).first()
    if pending is None:
        raise SpreadsheetError("待导入的文件已不存在（可能已导入或已过期），请重新上传文件。")
    return pending


def _context(model_admin, request, **extra):
    opts = model_admin.opts
    resource_class = model_admin.get_import_resource_class()
    return {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": f"导入{opts.verbose_name_plural}",
        "columns": resource_class.column_notes() if resource_class else [],
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "template_urls": {
            fmt: reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template", args=[fmt]) for fmt in FORMATS
        },
        "max_rows": MAX_ROWS,
        "max_upload": MAX_UPLOAD_LABEL,
        "max_cell": MAX_CELL_CHARS,
        "preview_limit": PREVIEW_LIMIT,
        "large_bytes": LARGE_UPLOAD_BYTES,
        "large_rows": LARGE_IMPORT_ROWS,
        **extra,
    }


def _render(model_admin, request, **extra):
    return TemplateResponse(request, "admin/spreadsheets/import.html", _context(model_admin, request, **extra))


def _check_import_permission(model_admin, request):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def import_view(request, model_admin):
    _check_import_permission(model_admin, request)
    resource_class = model_admin.get_import_resource_class()
    if resource_class is None:
        raise Http404("该列表不支持导入")
    if request.method == "POST" and "token" in request.POST:
        return _confirm(model_admin, request, resource_class)
    if request.method != "POST":
        return _render(model_admin, request, form=ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(model_admin, request, form=form)
    uploaded = form.cleaned_data["file"]
    try:
        sheet = read_upload(uploaded)
    except SpreadsheetError as exc:
        form.add_error("file", exc.message)
        return _render(model_admin, request, form=form)
    report = spreadsheet_import(
        resource_class=resource_class, sheet=sheet, user=request.user, file_name=uploaded.name, commit=False
    )
    confirm_form = None
    if report.ok:
        uploaded.seek(0)
        token = _store_pending(
            uploaded.read(),
            Path(uploaded.name).suffix.lower(),
            user=request.user,
            model_admin=model_admin,
            file_name=uploaded.name,
        )
        confirm_form = ImportConfirmForm(initial={"token": token})
    return _render(
        model_admin,
        request,
        form=ImportUploadForm(),
        report=report,
        file_name=uploaded.name,
        confirm_form=confirm_form,
    )


def _confirm(model_admin, request, resource_class):
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "导入确认无效，请重新上传文件。")
        return _render(model_admin, request, form=ImportUploadForm())
    try:
        pending = _load_pending(form.cleaned_data["token"], user=request.user, model_admin=model_admin)
        sheet = read_bytes(bytes(pending.data), pending.extension)
    except SpreadsheetError as exc:
        messages.error(request, exc.message)
        return _render(model_admin, request, form=ImportUploadForm())
    file_name = pending.file_name
    report = spreadsheet_import(
        resource_class=resource_class, sheet=sheet, user=request.user, file_name=file_name, commit=True
    )
    pending.delete()
    audit.record(
        "import",
        request=request,
        obj=model_admin.opts.verbose_name_plural,
        outcome="success" if report.committed else "failure",
        detail=f"“{file_name}”：新增{len(report.new)}条，修改{len(report.updated)}条，未变{len(report.unchanged)}条",
    )
    if not report.committed:
        messages.error(request, "导入未完成：数据在预览之后发生了变化，下列问题需要先处理。未写入任何数据。")
        return _render(model_admin, request, form=ImportUploadForm(), report=report, file_name=file_name)
    messages.success(
        request,
        f"已从“{file_name}”导入{model_admin.opts.verbose_name_plural}：新增{len(report.new)}条，"
        f"修改{len(report.updated)}条，未变{len(report.unchanged)}条。",
    )
    return redirect(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")


@require_GET
def template_view(request, model_admin, fmt):
    _check_import_permission(model_admin, request)
    resource_class = model_admin.get_import_resource_class()
    if resource_class is None or fmt not in FORMATS:
        raise Http404("没有这种模板")
    opts = model_admin.opts
    return spreadsheet_response(
        fmt,
        resource_class.column_headers(),
        [],
        filename=f"{opts.verbose_name_plural}导入模板",
        title=str(opts.verbose_name_plural),
        notes=resource_class.column_notes(),
    )


@require_GET
def export_view(request, model_admin, fmt):
    if fmt not in FORMATS:
        raise Http404("没有这种导出格式")
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    opts = model_admin.opts
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        messages.error(request, "筛选条件无效，无法导出：请在列表中重新选择筛选条件后再导出。")
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    resource = model_admin.get_export_resource_class()()
    queryset = resource.export_queryset(changelist.queryset)
    dataset = resource.export(queryset, force_native_type=True)
    audit.record(
        "export",
        request=request,
        obj=opts.verbose_name_plural,
        detail=f"{len(dataset)} 行，{fmt}，{request.GET.urlencode()}",
    )
    return spreadsheet_response(
        fmt,
        dataset.headers,
        dataset,
        filename=f"{opts.verbose_name_plural}-{timezone.localdate():%Y%m%d}",
        title=str(opts.verbose_name_plural),
    )
