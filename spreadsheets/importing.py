"""Importing a spreadsheet: all rows or none.

`spreadsheet_import(...)` runs a resource over a Sheet inside one transaction. With
`commit=False` (the preview) everything is rolled back; with `commit=True` it is kept
only if every row is valid. Either way the report lists new, changed and unchanged
rows and every problem with its spreadsheet row number and a Chinese reason.
"""

import logging
from dataclasses import dataclass, field

import tablib
from django.db import IntegrityError

logger = logging.getLogger(__name__)


@dataclass
class RowIssue:
    row: int
    column: str
    message: str


@dataclass
class RowOutcome:
    row: int
    label: str
    changes: list = field(default_factory=list)


@dataclass
class ImportReport:
    total_rows: int = 0
    file_errors: list = field(default_factory=list)
    issues: list = field(default_factory=list)
    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self):
        return not self.file_errors and not self.issues

    @property
    def rows_with_issues(self):
        return len({issue.row for issue in self.issues})


def _describe_exception(resource, exc):
    if isinstance(exc, IntegrityError):
        reworded = resource.reword(str(exc))
        if reworded != str(exc):
            return reworded
        return "数据库拒绝保存该行：与已有记录冲突或不符合数据约束。"
    if isinstance(exc, ValueError):
        return str(exc)
    return "该行无法导入（数据格式有误）。"


def spreadsheet_import(*, resource_class, sheet, user, file_name="", commit=False):
    """Import `sheet` with `resource_class`; returns an ImportReport (see module doc)."""
    report = ImportReport(total_rows=len(sheet.rows))
    sheet.headers = resource_class.canonical_headers(sheet.headers)
    report.file_errors = resource_class.header_errors(sheet.headers)
    if report.file_errors:
        return report
    dataset = tablib.Dataset(*sheet.rows, headers=sheet.headers)
    resource = resource_class(user=user, file_name=file_name, row_numbers=sheet.row_numbers)
    try:
        result = resource.import_data(
            dataset,
            dry_run=not commit,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
    except Exception:
        logger.exception("spreadsheet import of %s failed", resource_class.__name__)
        report.file_errors = ["导入时发生内部错误，未写入任何数据。请检查文件内容后重试，或联系系统管理员。"]
        return report

    for error in result.base_errors:
        logger.error("spreadsheet import of %s: %r", resource_class.__name__, error.error)
        report.file_errors.append("导入时发生错误，未写入任何数据：文件内容无法处理。")
    for number, errors in result.row_errors():
        for error in errors:
            logger.info("row %s of %s import: %r", number, resource_class.__name__, error.error)
            report.issues.append(RowIssue(resource.sheet_row(number), "", _describe_exception(resource, error.error)))
    for invalid in result.invalid_rows:
        row = resource.sheet_row(invalid.number)
        for attribute, messages in invalid.error_dict.items():
            for message in messages:
                text = message.messages[0] if hasattr(message, "messages") else str(message)
                report.issues.append(RowIssue(row, resource.column_for(attribute), text))
    report.issues.sort(key=lambda issue: issue.row)

    for row_result in result.rows:
        row = getattr(row_result, "sheet_row", None)
        outcome = RowOutcome(row=row, label=row_result.object_repr or "", changes=getattr(row_result, "changes", []))
        if row_result.import_type == row_result.IMPORT_TYPE_NEW:
            report.new.append(outcome)
        elif row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
            report.updated.append(outcome)
        elif row_result.import_type == row_result.IMPORT_TYPE_SKIP:
            report.unchanged.append(outcome)
    report.committed = commit and report.ok
    return report
