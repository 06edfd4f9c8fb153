"""`SpreadsheetAdminMixin`: spreadsheet import and export for a ModelAdmin.

    class SocialOrganizationAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
        resource_class = SocialOrganizationResource

adds to the change list the buttons 导入 (when the resource imports), 导出 Excel and
导出 CSV, and the URLs behind them:

    <changelist>/import/                   upload, preview, confirm
    <changelist>/import/template.xlsx|csv  empty template with the Chinese headers
    <changelist>/export/xlsx|csv/?<filters> the list as filtered, searched and ordered

Without `resource_class` the export writes every field of the model under its verbose
name (`generic_resource`).
"""

from functools import cache

from django.db import models
from django.urls import path, reverse

from . import views
from .resources.base import BureauResource, column
from .widgets import BooleanWidget, ChoiceWidget, DateWidget, DecimalWidget, IntegerWidget, TextWidget


@cache
def generic_resource(model):
    """An export-only resource for `model`: each concrete field under its verbose name."""
    attrs = {}
    names = []
    related = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            continue
        header = "编号" if field.primary_key else str(field.verbose_name)
        if field.choices:
            widget = ChoiceWidget(field.choices)
        elif isinstance(field, models.BooleanField):
            widget = BooleanWidget()
        elif isinstance(field, models.DateTimeField):
            widget = TextWidget()
        elif isinstance(field, models.DateField):
            widget = DateWidget()
        elif isinstance(field, models.DecimalField):
            widget = DecimalWidget(min_value=None)
        elif isinstance(field, models.IntegerField | models.AutoField):
            widget = IntegerWidget(min_value=None, max_value=None)
        else:
            widget = TextWidget()
        attrs[field.name] = column(field.name, header, widget)
        names.append(field.name)
        if field.is_relation:
            related.append(field.name)
            attrs[f"dehydrate_{field.name}"] = _dehydrate_related(field.name)
        elif isinstance(field, models.DateTimeField):
            attrs[f"dehydrate_{field.name}"] = _dehydrate_attribute(field.name)

    meta = type("Meta", (BureauResource.Meta,), {"model": model, "fields": tuple(names)})

    def export_queryset(self, queryset):
        return queryset.select_related(*related) if related else queryset

    attrs.update({"Meta": meta, "export_queryset": export_queryset, "import_enabled": False})
    return type(f"{model.__name__}ExportResource", (BureauResource,), attrs)


def _dehydrate_related(name):
    def dehydrate(self, obj):
        value = getattr(obj, name)
        return "" if value is None else str(value)

    return dehydrate


def _dehydrate_attribute(name):
    def dehydrate(self, obj):
        return getattr(obj, name)

    return dehydrate


class SpreadsheetAdminMixin:
    resource_class = None
    change_list_template = "admin/spreadsheets/change_list.html"

    def get_import_resource_class(self):
        resource_class = self.resource_class
        if resource_class is None or not getattr(resource_class, "import_enabled", True):
            return None
        return resource_class

    def get_export_resource_class(self):
        return self.resource_class or generic_resource(self.model)

    def get_urls(self):
        opts = self.opts
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        urls = [
            path("export/<str:fmt>/", wrap(self.spreadsheet_export_view), name=f"{prefix}_export"),
        ]
        if self.get_import_resource_class() is not None:
            urls += [
                path("import/", wrap(self.spreadsheet_import_view), name=f"{prefix}_import"),
                path(
                    "import/template.<str:fmt>",
                    wrap(self.spreadsheet_template_view),
                    name=f"{prefix}_import_template",
                ),
            ]
        return urls + super().get_urls()

    def spreadsheet_import_view(self, request):
        return views.import_view(request, self)

    def spreadsheet_template_view(self, request, fmt):
        return views.template_view(request, self, fmt)

    def spreadsheet_export_view(self, request, fmt):
        return views.export_view(request, self, fmt)

    def changelist_view(self, request, extra_context=None):
        opts = self.opts
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        query = request.GET.copy()
        query.pop("p", None)
        query.pop("e", None)
        suffix = f"?{query.urlencode()}" if query else ""
        links = {
            "spreadsheet_export_urls": [
                ("导出 Excel", reverse(f"{prefix}_export", args=["xlsx"]) + suffix),
                ("导出 CSV", reverse(f"{prefix}_export", args=["csv"]) + suffix),
            ]
        }
        if self.get_import_resource_class() is not None and self.has_add_permission(request):
            links["spreadsheet_import_url"] = reverse(f"{prefix}_import")
        return super().changelist_view(request, {**links, **(extra_context or {})})
