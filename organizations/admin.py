from django.contrib import admin

from gzpartybuild.admin_tools import ArchiveActionsMixin, HistoryAdmin, NoDeleteMixin, search_words, year_filter

from .models import SocialOrganization


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(NoDeleteMixin, ArchiveActionsMixin, HistoryAdmin):
    list_display = [
        "name",
        "credit_code",
        "credit_code_check",
        "org_type",
        "level",
        "district",
        "status",
        "evaluation_grade",
        "party_member_count",
        "is_archived",
    ]
    list_filter = [
        "org_type",
        "level",
        "district",
        "status",
        "evaluation_grade",
        "field",
        "is_charity",
        "charter_has_party_building",
        "credit_code_verified",
        year_filter("registered_on__year", "登记年份", first_year=1980),
        "is_archived",
    ]
    search_fields = ["name", "credit_code", "legal_representative"]
    search_help_text = "按名称或统一社会信用代码中的文字，或法定代表人的姓名（全名）查找。"
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            "登记信息",
            {
                "fields": [
                    "name",
                    ("credit_code", "credit_code_verified"),
                    ("org_type", "level", "district"),
                    "supervising_unit",
                    ("field", "status"),
                    "business_scope",
                    ("legal_representative", "registered_on", "registered_funds"),
                    "address",
                ]
            },
        ),
        (
            "评估与党建",
            {
                "fields": [
                    ("evaluation_grade", "evaluation_valid_until"),
                    "is_charity",
                    ("party_member_count", "charter_has_party_building"),
                ]
            },
        ),
        ("公开介绍", {"fields": ["description", "logo"]}),
        ("内部信息（不公开）", {"fields": ["contact_phone", "is_archived", "created_at", "updated_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """The directory's indexed search of the name and credit code (SocialOrganization.search),
        or the legal representative's full name (org_legal_representative_idx): never an ILIKE
        over every row. For the list and the autocomplete of other forms."""
        words = search_words(search_term)
        if not words:
            return queryset, False
        return queryset.search(words) | queryset.filter(legal_representative=words), False

    @admin.display(description="代码校验")
    def credit_code_check(self, obj):
        problems, _ = obj.credit_code_problems()
        if not problems:
            return "通过"
        if obj.credit_code_verified:
            return "人工核实"
        return "未通过"
