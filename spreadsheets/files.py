"""Reading uploaded spreadsheets (.xlsx, .csv) and writing downloads, safely.

An upload is untrusted: its size, format, row count and cell lengths are checked
here, and every problem becomes a `SpreadsheetError` with a Chinese message.
Downloads neutralise cells that a spreadsheet program would run as a formula.
"""

import csv
import datetime
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.parsers import expat

from django.http import HttpResponse
from django.utils.http import content_disposition_header

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_LABEL = "20MB"
# A bigger file is refused with a message saying so: split it and import the parts.
MAX_ROWS = 20_000
# No field the bureau keeps needs more; longer cells are reported, not truncated.
MAX_CELL_CHARS = 5_000
# A zip bomb guard: the largest real workbook of MAX_ROWS rows is far below this.
MAX_XLSX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
# No import has more than a few dozen columns; a row or a file past these is refused while
# the XML is streamed, before any cell is built (a small file can declare millions of cells).
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000
# Excel's own last row and longest cell; a sheet beyond them is not a workbook Excel wrote,
# and is refused while streaming (a cell longer than MAX_CELL_CHARS but within Excel's limit
# is reported on its row with the other problems of the file).
MAX_ROW_NUMBER = 1_048_576
MAX_XLSX_CELL_CHARS = 32_767
XML_CHUNK_BYTES = 64 * 1024

# A text cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters no spreadsheet keeps (openpyxl refuses them); stripped from every exported
# text cell *before* the formula check, so that "\x01=HYPERLINK(…)" cannot become "=HYPERLINK(…)".
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")


class SpreadsheetError(Exception):
    """A problem with the file as a whole; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    """The first worksheet of an upload: headers and data rows with their row numbers."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # The row number a spreadsheet program shows for each data row (the header is row 1).
    row_numbers: list[int] = field(default_factory=list)


def neutralise(value):
    """A text cell as exported: control characters removed, then an apostrophe in front of a
    cell that a spreadsheet would run as a formula (also after leading spaces)."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS_RE.sub("", value)
    if value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` on import, so that a file exported here imports unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].lstrip(" ").startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


# ---------------------------------------------------------------- reading


def read_upload(uploaded_file):
    """Read an uploaded .xlsx or .csv file into a Sheet, or raise SpreadsheetError."""
    name = uploaded_file.name or ""
    extension = os.path.splitext(name)[1].lower()
    if uploaded_file.size is not None and uploaded_file.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(f"文件超过{MAX_UPLOAD_LABEL}，请拆分后分批导入。")
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    return read_bytes(data, extension)


def read_bytes(data, extension):
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(f"文件超过{MAX_UPLOAD_LABEL}，请拆分后分批导入。")
    if not data.strip():
        raise SpreadsheetError("文件是空的，没有任何内容。")
    looks_like_zip = data.startswith(b"PK\x03\x04")
    looks_like_old_excel = data.startswith(b"\xd0\xcf\x11\xe0")
    if extension == ".xls" or (extension == ".xlsx" and looks_like_old_excel):
        raise SpreadsheetError(
            "不支持旧版 Excel（.xls）或加密的工作簿：请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再上传。"
        )
    if extension == ".xlsx":
        if not looks_like_zip:
            raise SpreadsheetError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿：文件可能已损坏或被改过扩展名。")
        rows = _xlsx_rows(data)
    elif extension == ".csv":
        if looks_like_zip or looks_like_old_excel:
            raise SpreadsheetError(
                "文件扩展名是 .csv，但内容是 Excel 工作簿：请把扩展名改为 .xlsx，或另存为 CSV 后上传。"
            )
        rows = _csv_rows(data)
    else:
        shown = extension or "（无扩展名）"
        raise SpreadsheetError(f"不支持的文件格式“{shown}”：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。")
    return _to_sheet(rows)


def _xlsx_rows(data):
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED_BYTES:
                raise SpreadsheetError("Excel 文件解压后过大，无法导入：请检查文件或拆分后分批导入。")
            if "xl/workbook.xml" not in archive.namelist():
                raise SpreadsheetError("文件不是 Excel 工作簿（.xlsx）：可能是其他程序的压缩文件或文档。")
            _scan_xlsx(archive)
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError("无法读取该 Excel 文件：文件已损坏或不是 .xlsx 格式。") from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on malformed files
        raise SpreadsheetError("无法读取该 Excel 文件：文件已损坏或不是 .xlsx 格式。") from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("Excel 文件中没有工作表。")
        worksheet = workbook.worksheets[0]
        # Read every row there is: a sheet's <dimension> may claim fewer than it holds.
        worksheet.reset_dimensions()
        # Materialise row by row, so that a workbook too long is refused before it is read whole.
        rows = []
        data_rows = 0
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                values = list(values)
                if number > 1 and _is_blank(values):
                    continue
                rows.append((number, values))
                if number > 1:
                    data_rows += 1
                    if data_rows > MAX_ROWS:
                        raise _too_many_rows()
        except SpreadsheetError:
            raise
        except Exception as exc:
            raise SpreadsheetError("无法读取该 Excel 文件的内容：文件已损坏。") from exc
        return rows
    finally:
        workbook.close()


def _column_number(reference):
    """1 for "A7", 28 for "AB3"; 0 when there is no reference."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


class _XlsxScan:
    """Streams a workbook's sheets and shared strings through expat, counting as it goes:
    columns per row, cells in the file, characters in one cell. Nothing is kept, so a
    declared-huge sheet costs no memory; the first limit passed stops the scan."""

    VALUE_TAGS = {"v", "t", "f"}

    def __init__(self):
        self.cells = 0
        self.rows = 0
        self.strings = 0
        self.row = 0
        self.row_cells = 0
        self.column = 0
        self.text_chars = 0
        self.in_text = False

    def start(self, tag, attributes):
        tag = tag.rsplit(":", 1)[-1]
        if tag == "row":
            self.row = int(attributes["r"]) if attributes.get("r", "").isdigit() else self.row + 1
            self.row_cells = 0
            self.column = 0
            self.rows += 1
            if self.row > MAX_ROW_NUMBER or self.rows > MAX_CELLS:
                raise SpreadsheetError(f"工作表的行号超过{MAX_ROW_NUMBER:,}，不是有效的 Excel 工作簿：请另存后再上传。")
        elif tag == "c":
            self.cells += 1
            self.row_cells += 1
            self.column = _column_number(attributes.get("r", "")) or self.column + 1
            if self.cells > MAX_CELLS:
                raise SpreadsheetError(
                    f"文件的单元格超过{MAX_CELLS:,}个，无法导入：请只保留导入模板中的列，或拆分后分批导入。"
                )
            if self.column > MAX_COLUMNS or self.row_cells > MAX_COLUMNS:
                raise SpreadsheetError(f"第{self.row}行超过{MAX_COLUMNS}列，无法导入：请删除表头以外的列后再上传。")
        elif tag == "si":
            self.strings += 1
            if self.strings > MAX_CELLS:
                raise SpreadsheetError(f"文件的文字单元格超过{MAX_CELLS:,}个，无法导入：请拆分后分批导入。")
            self.text_chars = 0
        if tag in self.VALUE_TAGS:
            self.in_text = True
            if tag != "t":
                self.text_chars = 0
        if tag == "is":
            self.text_chars = 0

    def end(self, tag):
        if tag.rsplit(":", 1)[-1] in self.VALUE_TAGS:
            self.in_text = False

    def text(self, data):
        if self.in_text:
            self.text_chars += len(data)
            if self.text_chars > MAX_XLSX_CELL_CHARS:
                where = f"第{self.row}行的" if self.row else ""
                raise SpreadsheetError(
                    f"{where}一个单元格超过{MAX_XLSX_CELL_CHARS:,}个字符（Excel 单元格的上限），无法导入："
                    f"单元格不能超过{MAX_CELL_CHARS:,}个字符。"
                )

    def feed(self, stream):
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text

        def no_doctype(*args):
            raise SpreadsheetError("无法读取该 Excel 文件：文件中有不允许的内容（DTD）。")

        parser.StartDoctypeDeclHandler = no_doctype
        self.row = 0
        try:
            while chunk := stream.read(XML_CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise SpreadsheetError("无法读取该 Excel 文件的内容：文件已损坏。") from exc


def _scan_xlsx(archive):
    """Refuse, while streaming, a workbook whose sheets or shared strings pass the limits."""
    scan = _XlsxScan()
    for info in archive.infolist():
        name = info.filename
        if name == "xl/sharedStrings.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            with archive.open(info) as stream:
                scan.feed(stream)


def _decode(data):
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("文件不是 CSV 文本文件：请上传 .xlsx 或用逗号分隔的 .csv 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError("无法识别 CSV 文件的编码：请以 UTF-8 或 GBK 编码保存后上传。")


def _csv_rows(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    data_rows = 0
    try:
        for number, values in enumerate(reader, start=1):
            if len(values) > MAX_COLUMNS:
                raise SpreadsheetError(f"第{number}行超过{MAX_COLUMNS}列，无法导入：请删除表头以外的列后再上传。")
            if number > 1 and _is_blank(values):
                continue
            rows.append((number, list(values)))
            if number > 1:
                data_rows += 1
                if data_rows > MAX_ROWS:
                    raise _too_many_rows()
    except csv.Error as exc:
        raise SpreadsheetError(
            f"CSV 文件第{reader.line_num}行格式有误（例如引号不成对或单元格过长），无法读取。"
        ) from exc
    return rows


def _too_many_rows():
    return SpreadsheetError(f"文件的数据超过{MAX_ROWS:,}行，单次最多导入{MAX_ROWS:,}行：请拆分为多个文件后分批导入。")


def _is_blank(values):
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _to_sheet(rows):
    if not rows or rows[0][0] != 1 or _is_blank(rows[0][1]):
        raise SpreadsheetError("文件第1行应为表头（列名），但第1行是空的。请使用下载的导入模板。")
    header_cells = rows[0][1]
    while header_cells and (header_cells[-1] is None or str(header_cells[-1]).strip() == ""):
        header_cells.pop()
    headers = []
    for position, cell in enumerate(header_cells, start=1):
        header = "" if cell is None else str(cell).strip()
        if not header:
            raise SpreadsheetError(f"表头第{position}列是空的：每一列都需要列名。")
        if header in headers:
            raise SpreadsheetError(f"表头中“{header}”出现了不止一次。")
        headers.append(header)
    sheet = Sheet(headers=headers)
    width = len(headers)
    for number, values in rows[1:]:
        extra = values[width:]
        if not _is_blank(extra):
            raise SpreadsheetError(f"第{number}行在表头以外的列中有数据：请删除这些单元格，或为该列补上列名。")
        values = (values + [None] * width)[:width]
        sheet.rows.append([_normalise_cell(value) for value in values])
        sheet.row_numbers.append(number)
    if not sheet.rows:
        raise SpreadsheetError("文件中只有表头，没有数据行。")
    return sheet


def _normalise_cell(value):
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    return value


# ---------------------------------------------------------------- writing


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local wall-clock time.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralise(str(value))


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def _write_sheet(workbook, title, headers, rows):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(header)) * 2 + 4))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            written = _xlsx_value(value)
            cell = WriteOnlyCell(sheet, value=written)
            if isinstance(written, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(written, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(written, str):
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)


def write_xlsx(headers, rows, *, title="数据", notes=None, extra_sheets=()):
    """An .xlsx workbook as bytes: a bold frozen header row, then the rows.

    `extra_sheets` are more (title, headers, rows) sheets; `notes`, if given, a list of
    (column, note) pairs written to a last sheet, 填写说明.
    """
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    _write_sheet(workbook, title, headers, rows)
    for sheet_title, sheet_headers, sheet_rows in extra_sheets:
        _write_sheet(workbook, sheet_title, sheet_headers, sheet_rows)
    if notes:
        _write_sheet(workbook, "填写说明", ["列名", "说明"], notes)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(headers, rows):
    """UTF-8 CSV with a byte-order mark, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def spreadsheet_response(fmt, headers, rows, *, filename, title="数据", notes=None, extra_sheets=()):
    """An attachment response in `fmt` ('xlsx' or 'csv'); `filename` has no extension."""
    if fmt == "xlsx":
        content = write_xlsx(headers, rows, title=title, notes=notes, extra_sheets=extra_sheets)
        content_type = XLSX_CONTENT_TYPE
    elif fmt == "csv":
        content, content_type = write_csv(headers, rows), CSV_CONTENT_TYPE
    else:
        raise ValueError(f"unknown spreadsheet format {fmt!r}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
