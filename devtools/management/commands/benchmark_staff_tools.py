"""Time the staff tools: each report page and a spreadsheet import of 8,000 organizations.

A benchmark, not a test: run it on a database holding the demo data (`seed_demo`: 8,095
organizations, 1,741 party organizations, about 20,000 activities; `--scale 10` for ten
times that). The import is timed inside a transaction that is rolled back: it leaves
nothing behind.
"""

import html
import re
import time

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from organizations.models import District, SocialOrganization
from organizations.validators import make_credit_code
from partybranches.models import PartyOrganization, StarRating
from reports import views as report_views
from spreadsheets.files import read_bytes, write_xlsx
from spreadsheets.importing import spreadsheet_import
from spreadsheets.resources.organizations import SocialOrganizationResource

REPORTS = [
    ("两个覆盖", report_views.coverage, {}),
    ("风险名单", report_views.risk, {}),
    ("评星定级", report_views.stars, {}),
    ("活动统计·按区", report_views.activities, {}),
    ("活动统计·按党组织", report_views.activities, {"group_by": "party_organization"}),
    ("活动统计·按社会组织", report_views.activities, {"group_by": "organization"}),
    ("活动统计·按月份", report_views.activities, {"group_by": "month"}),
    ("活动统计·下载 Excel", report_views.activities, {"group_by": "organization", "format": "xlsx"}),
]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time each staff report and an import of 8,000 organizations (rolled back); print the figures."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=8000, help="organizations in the timed import (default 8000)")
        parser.add_argument("--repeat", type=int, default=3, help="runs of each report; the best is shown")

    def handle(self, *args, rows, repeat, **options):
        counts = (
            SocialOrganization.objects.count(),
            PartyOrganization.objects.count(),
            Activity.objects.count(),
            StarRating.objects.count(),
        )
        self.stdout.write(
            f"database: {connection.vendor}; {counts[0]} organizations, {counts[1]} party organizations, "
            f"{counts[2]} activities, {counts[3]} star ratings"
        )
        if counts[0] < 100:
            raise CommandError("too few records to measure: load the demo data first (manage.py seed_demo)")
        self._time_reports(repeat)
        self._time_import(rows)

    # ------------------------------------------------------------ reports

    def _time_reports(self, repeat):
        factory = RequestFactory()
        user = User(username="benchmark", is_staff=True, is_superuser=True, is_active=True)
        host = (self._hosts() or ["localhost"])[0]
        self.stdout.write("\nreport                          best (s)   queries")
        for label, view, params in REPORTS:
            best, queries = None, 0
            for _ in range(repeat):
                request = factory.get("/admin/reports/", params, HTTP_HOST=host)
                request.user = user
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = view(request)
                    if hasattr(response, "render"):
                        response.render()
                    elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise CommandError(f"{label}: status {response.status_code}")
                best = elapsed if best is None else min(best, elapsed)
                queries = len(captured)
            self.stdout.write(f"{label:<28}{best:>10.3f}{queries:>10}")

    def _hosts(self):
        from django.conf import settings

        return [host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*", "["))]

    # ------------------------------------------------------------ import

    def _time_import(self, rows):
        headers = SocialOrganizationResource.column_headers()
        districts = District.values
        values = []
        for n in range(rows):
            district = districts[n % len(districts)]
            row = {
                "名称": f"基准导入测试社会组织{n:05d}",
                "统一社会信用代码": make_credit_code("1", district, f"BN{n:07d}"),
                "组织类型": "社会团体",
                "所在区": District(district).label,
                "成立登记日期": f"{2000 + n % 20}年{1 + n % 12}月{1 + n % 28}日",
                "注册资金（元）": str(30000 + n),
                "从业人员中正式党员数": str(n % 7),
                "党建写入章程": "是" if n % 2 else "否",
                "法定代表人": "张三",
                "联系电话": "020-83000000",
            }
            values.append([row.get(header, "") for header in headers])
        workbook = write_xlsx(headers, values)
        started = time.perf_counter()
        sheet = read_bytes(workbook, ".xlsx")
        read_seconds = time.perf_counter() - started
        changed_values = [list(row) for row in values]
        members = headers.index("从业人员中正式党员数")
        for row in changed_values:
            row[members] = str(int(row[members]) + 1)
        changed = read_bytes(write_xlsx(headers, changed_values), ".xlsx")
        self.stdout.write(
            f"\nimport of {rows} organizations (.xlsx of {len(workbook) // 1024} KB, rolled back afterwards)"
        )
        self.stdout.write(f"  read and check the workbook          {read_seconds:8.2f} s")
        user = User.objects.filter(is_superuser=True).first()
        steps = [
            ("preview (dry run)", sheet, False),
            ("confirm (written)", sheet, True),
            ("re-import, no-op", sheet, True),
            ("every row changed", changed, True),
        ]
        try:
            with transaction.atomic():
                for step, data, commit in steps:
                    started = time.perf_counter()
                    report = spreadsheet_import(
                        resource_class=SocialOrganizationResource,
                        sheet=data,
                        user=user,
                        file_name="benchmark.xlsx",
                        commit=commit,
                    )
                    elapsed = time.perf_counter() - started
                    if not report.ok:
                        raise CommandError(f"import refused: {report.file_errors or report.issues[:5]}")
                    self.stdout.write(
                        f"  {step:<36}{elapsed:8.2f} s  (new {len(report.new)}, "
                        f"changed {len(report.updated)}, unchanged {len(report.unchanged)})"
                    )
                raise _Rollback
        except _Rollback:
            pass
        self._time_import_pages(workbook, user)

    def _time_import_pages(self, workbook, user):
        """The same file through the admin pages: upload to preview page, then confirm."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        client = Client(HTTP_HOST=(self._hosts() or ["localhost"])[0])
        url = reverse("admin:organizations_socialorganization_import")
        try:
            with transaction.atomic():
                client.force_login(user)
                started = time.perf_counter()
                preview = client.post(url, {"file": SimpleUploadedFile("benchmark.xlsx", workbook)})
                upload_seconds = time.perf_counter() - started
                token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
                if preview.status_code != 200 or token is None:
                    raise CommandError(f"the preview page offered no confirmation (status {preview.status_code})")
                started = time.perf_counter()
                confirmed = client.post(url, {"token": html.unescape(token.group(1))})
                confirm_seconds = time.perf_counter() - started
                if confirmed.status_code != 302:
                    raise CommandError(f"confirming failed (status {confirmed.status_code})")
                self.stdout.write(f"  admin page: upload to preview page       {upload_seconds:8.2f} s")
                self.stdout.write(f"  admin page: confirm                      {confirm_seconds:8.2f} s")
                raise _Rollback
        except _Rollback:
            pass
