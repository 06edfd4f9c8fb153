"""Import/export widgets speaking the bureau's spreadsheet language.

Each widget turns a cell into a Python value (`clean`) and back (`render`). A cell it
cannot understand raises ValueError with a Chinese message saying what it expected;
the importer reports it with the row number and column name.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from import_export import widgets

from organizations.validators import credit_code_errors

from .files import unneutralise

TRUE_WORDS = {"是", "有", "对", "√", "✓", "Y", "YES", "TRUE", "T", "1"}
FALSE_WORDS = {"否", "无", "没有", "×", "✗", "N", "NO", "FALSE", "F", "0", ""}

DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: 0?0:00(?::00)?)?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
]
DATE_FORMATS_HINT = "2020-07-01、2020/7/1 或 2020年7月1日"
# Excel stores dates as day numbers; a number in a date column is read as one when it is
# a plausible day (10000 is 1927-05-18), never a bare year such as 2020.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_FIRST_DAY, EXCEL_LAST_DAY = 10000, 2958465

LIST_SEPARATORS = re.compile(r"[\s,，;；、]+")
LIST_JOINER = "；"


def cell_text(value):
    """The text of a cell: numbers without a spurious '.0', dates as YYYY-MM-DD, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unneutralise(str(value).strip())


class TextWidget(widgets.Widget):
    """Text, stripped; longer than `max_length` is an error (never silently cut)."""

    def __init__(self, max_length=None, upper=False):
        super().__init__(coerce_to_string=True)
        self.max_length = max_length
        self.upper = upper

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if self.upper:
            text = text.upper()
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"不能超过{self.max_length}个字符（当前{len(text)}个）。")
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CreditCodeWidget(TextWidget):
    """A unified social credit code: 18 characters, kept as text, upper case."""

    def __init__(self):
        super().__init__(max_length=None, upper=True)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError("统一社会信用代码被保存成了数字，可能已丢失精度：请把该列设置为“文本”格式后重新填写。")
        return super().clean(value, row=row, **kwargs)


class ChoiceWidget(widgets.Widget):
    """A choice written as its Chinese label (社会团体) or its stored value (society)."""

    def __init__(self, choices, *, required=False, aliases=None, what="选项"):
        super().__init__(coerce_to_string=True)
        self.labels = {str(value): str(label) for value, label in choices}
        self.lookup = {}
        for value, label in self.labels.items():
            self.lookup[value.upper()] = value
            self.lookup[label.upper()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[alias.upper()] = value
        self.required = required
        self.what = what

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(f"必须填写{self.what}。")
            return ""
        try:
            return self.lookup[text.upper()]
        except KeyError:
            options = "、".join(label for label in self.labels.values() if label)
            raise ValueError(f"“{text}”不是有效的{self.what}，可选：{options}。") from None

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return self.labels.get(str(value), str(value))


class DistrictWidget(ChoiceWidget):
    """One of Guangzhou's 11 districts: 越秀区, 越秀 or the division code 440104."""

    def __init__(self, choices, *, required=False):
        aliases = {str(label).removesuffix("区"): value for value, label in choices}
        super().__init__(choices, required=required, aliases=aliases, what="所在区")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError as exc:
            text = cell_text(value)
            if not text:
                raise
            options = "、".join(self.labels.values())
            raise ValueError(f"未知的区“{text}”：请填写广州市的11个区之一（{options}）。") from exc


class BooleanWidget(widgets.Widget):
    """是 / 否 (also Y/N, TRUE/FALSE, 1/0, √/×); an empty cell is 否."""

    def __init__(self):
        super().__init__(coerce_to_string=True)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).upper()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(f"“{cell_text(value)}”无法识别：请填写“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class DateWidget(widgets.Widget):
    """A date in any of the three common ways of writing it, or an Excel date cell."""

    def __init__(self):
        super().__init__(coerce_to_string=True)

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if EXCEL_FIRST_DAY <= value <= EXCEL_LAST_DAY:
                return EXCEL_EPOCH + datetime.timedelta(days=int(value))
            raise ValueError(f"“{cell_text(value)}”不是日期：请使用 {DATE_FORMATS_HINT} 格式。")
        text = cell_text(value)
        for pattern in DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                year, month, day = (int(part) for part in match.groups())
                try:
                    return datetime.date(year, month, day)
                except ValueError:
                    raise ValueError(f"日期“{text}”不存在。") from None
        raise ValueError(f"无法识别的日期“{text}”：请使用 {DATE_FORMATS_HINT} 格式。")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return value.isoformat()


class IntegerWidget(widgets.Widget):
    """A whole number, at least `min_value`; '1,200' and 1200.0 are understood."""

    def __init__(self, min_value=0, max_value=2147483647, *, allow_empty=True):
        super().__init__(coerce_to_string=True)
        self.min_value = min_value
        self.max_value = max_value
        self.allow_empty = allow_empty

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(",", "").replace("，", "")
        if not text:
            if self.allow_empty:
                return None
            raise ValueError("必须填写。")
        if not re.fullmatch(r"[-+]?\d{1,12}(\.0+)?", text):
            raise ValueError(f"“{cell_text(value)}”不是整数。")
        number = int(Decimal(text))
        if self.min_value is not None and number < self.min_value:
            if self.min_value == 0:
                raise ValueError(f"不能为负数（当前为{number}）。")
            raise ValueError(f"不能小于{self.min_value}（当前为{number}）。")
        if self.max_value is not None and number > self.max_value:
            raise ValueError(f"不能大于{self.max_value}（当前为{number}）。")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DecimalWidget(widgets.Widget):
    """A number of yuan (or degrees), at least `min_value`; thousands separators allowed."""

    def __init__(self, min_value=Decimal("0"), max_value=None):
        super().__init__(coerce_to_string=True)
        self.min_value = min_value
        self.max_value = max_value

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float):
            value = repr(value)
        text = cell_text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{cell_text(value)}”不是数字。") from None
        if not number.is_finite():
            raise ValueError(f"“{cell_text(value)}”不是数字。")
        if self.min_value is not None and number < self.min_value:
            if self.min_value == 0:
                raise ValueError(f"不能为负数（当前为{text}）。")
            raise ValueError(f"不能小于{self.min_value}（当前为{text}）。")
        if self.max_value is not None and number > self.max_value:
            raise ValueError(f"不能大于{self.max_value}（当前为{text}）。")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class _LookupMixin:
    """Resolve cells to records with one query for the whole file (`prepare`), not one a row."""

    def prepare(self, values):
        keys = {key for value in values for key in self.keys_in(value)}
        keys.discard("")
        self.cache = {}
        if keys:
            for obj in self.model.objects.filter(**{f"{self.field}__in": keys}):
                self.cache[getattr(obj, self.field)] = obj

    def find(self, key):
        cache = getattr(self, "cache", None)
        if cache is not None and key in cache:
            return cache[key]
        # Not in the file's batch: a record created by an earlier row of the same file.
        obj = self.model.objects.filter(**{self.field: key}).first()
        if obj is not None and cache is not None:
            cache[key] = obj
        return obj


class ForeignKeyByNameWidget(_LookupMixin, widgets.Widget):
    """A record referred to by its unique name (a party organization by 名称)."""

    def __init__(self, model, field="name", what=None):
        super().__init__(coerce_to_string=True)
        self.model = model
        self.field = field
        self.what = what or model._meta.verbose_name

    def keys_in(self, value):
        return [cell_text(value)]

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        obj = self.find(text)
        if obj is None:
            raise ValueError(f"系统中没有名称为“{text}”的{self.what}。")
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class CreditCodeForeignKeyWidget(_LookupMixin, widgets.Widget):
    """A social organization referred to by its unified social credit code."""

    def __init__(self, model):
        super().__init__(coerce_to_string=True)
        self.model = model
        self.field = "credit_code"

    def keys_in(self, value):
        return [cell_text(value).upper()]

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value).upper()
        if not code:
            return None
        errors = credit_code_errors(code)
        if errors:
            raise ValueError(f"“{code}”不是有效的统一社会信用代码：{''.join(errors)}")
        obj = self.find(code)
        if obj is None:
            raise ValueError(f"系统中没有统一社会信用代码为“{code}”的社会组织，请先导入该社会组织。")
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.credit_code


class CreditCodeManyToManyWidget(_LookupMixin, widgets.ManyToManyWidget):
    """Several social organizations by credit code, separated by 、，；, spaces or new lines."""

    def __init__(self, model):
        super().__init__(model, separator=LIST_JOINER, field="credit_code")

    def keys_in(self, value):
        return [code.upper() for code in LIST_SEPARATORS.split(cell_text(value)) if code]

    def clean(self, value, row=None, **kwargs):
        codes = []
        for code in self.keys_in(value):
            if code not in codes:
                codes.append(code)
        invalid = []
        for code in codes:
            errors = credit_code_errors(code)
            if errors:
                invalid.append(f"“{code}”{''.join(errors)}")
        if invalid:
            raise ValueError("以下统一社会信用代码无效：" + "；".join(invalid))
        found = [self.find(code) for code in codes]
        unknown = [code for code, obj in zip(codes, found, strict=True) if obj is None]
        if unknown:
            raise ValueError(
                "系统中没有以下统一社会信用代码对应的社会组织：" + "、".join(unknown) + "（请先导入这些社会组织）。"
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return LIST_JOINER.join(sorted(org.credit_code for org in value.all()))
