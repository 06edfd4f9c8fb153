import contextlib
import json
import os
import shlex
import sys

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template import engines
from django.utils import timezone

from activities.models import Activity, ActivityPhoto
from devtools.bench import machine, report
from devtools.bench.explain import directory_search_plans, list_search_plans
from devtools.bench.pages import (
    admin_search_pages,
    drawn_list_search_words,
    drawn_search_words,
    filter_pages,
    pick_pages,
    report_pages,
    search_match_counts,
)
from devtools.bench.seeding import SeedError, compare_at_scale, seed
from devtools.bench.throughput import MIXED_PATHS, PATHS, ThroughputError, measure_throughput
from devtools.bench.timing import time_pages
from devtools.demo.targets import MAX_SCALE, MIN_SCALE
from operations.progress import NO_PROGRESS, CommandProgress
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization


def _template_loaders():
    loaders = []
    for loader in engines["django"].engine.template_loaders:
        name = f"{type(loader).__module__}.{type(loader).__name__}"
        inner = getattr(loader, "loaders", None)
        if inner:
            name += " (" + ", ".join(type(item).__module__.rsplit(".", 1)[-1] for item in inner) + ")"
        loaders.append(name)
    return loaders


class Command(BaseCommand):
    help = (
        "Benchmark the portal on PostgreSQL at ten times the article's scale: seed `--scale 10` into the "
        "database of DATABASE_URL (once; later runs reuse it), time every public page, the secretary's pages "
        "and the admin changelists in-process (queries, cold request, p50/p95), seed and time a scratch 1× "
        "database for comparison, measure throughput under gunicorn with wrk, and write the results to "
        "docs/PERFORMANCE.md (its generated section). Never against production: it creates demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10.0, help="Scale to seed and measure (default 10).")
        parser.add_argument("--repeat", type=int, default=30, help="Warm requests per page (default 30).")
        parser.add_argument(
            "--reseed", action="store_true", help="Empty the database and seed again (measures the seeding time)."
        )
        parser.add_argument(
            "--compare-scale",
            type=float,
            default=1.0,
            help="Also seed a scratch database at this scale, time it and drop it (default 1; 0 skips).",
        )
        parser.add_argument(
            "--drawn-searches",
            type=int,
            default=20,
            help="Search the N most frequent 1-, 2- and 3-character sequences of the names and N random ones "
            "(default 20; 0 searches only the fixed words).",
        )
        parser.add_argument(
            "--searches-only",
            action="store_true",
            help="Time only the searches (the directory's, the site search, the activity and party-organization "
            "lists'), with their query classes and plans.",
        )
        parser.add_argument(
            "--admin-searches",
            type=int,
            default=5,
            help="Search each admin list for its N most frequent 1-, 2- and 3-character sequences and N random "
            "ones (default 5; 0 searches only the fixed words).",
        )
        parser.add_argument(
            "--filter-repeat",
            type=int,
            default=5,
            help="Warm requests for each filter value and pair of filters (default 5; 0 leaves the filters out).",
        )
        parser.add_argument("--skip-timing", action="store_true", help="Leave out the in-process page timing.")
        parser.add_argument(
            "--skip-mixed", action="store_true", help="Leave out the readers-with-writers part of the throughput."
        )
        parser.add_argument("--skip-throughput", action="store_true", help="Leave out gunicorn and wrk.")
        parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per path (default 10).")
        parser.add_argument("--warmup", type=int, default=2, help="Seconds of warm-up per path (default 2).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
        parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8).")
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "docs" / "PERFORMANCE.md"),
            help="Markdown file whose generated section is rewritten (default docs/PERFORMANCE.md).",
        )
        parser.add_argument("--no-write", action="store_true", help="Do not write the markdown file.")
        parser.add_argument("--json", help="Also write the raw results as JSON to this file.")

    # The part under way, whose live lines a message goes above (operations.progress).
    progress = NO_PROGRESS

    def log(self, message):
        if self.verbosity >= 1:
            (self.progress.print if self.progress.enabled else self.stdout.write)(message)

    @contextlib.contextmanager
    def part(self, description, total=None):
        """One part of the run on a terminal: a spinner and its time, a bar where it is counted."""
        with CommandProgress(self.stdout, verbosity=self.verbosity) as progress, progress.stage(description, total):
            self.progress = progress
            try:
                yield progress
            finally:
                self.progress = NO_PROGRESS

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        scale = options["scale"]
        if connection.vendor != "postgresql":
            raise CommandError(
                "基准测试只在 PostgreSQL 上运行：请把 DATABASE_URL 设为一个 PostgreSQL 数据库，例如 "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/gzpb_bench10（SQLite 不代表生产环境）。"
            )
        if settings.DEBUG:
            raise CommandError("DEBUG 开着：基准测试要在 DJANGO_DEBUG=false 下运行（DEBUG 会记录每条查询，拖慢页面）。")
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise CommandError(f"--scale 应在 {MIN_SCALE} 到 {MAX_SCALE} 之间，收到 {scale}。")
        if options["repeat"] < 1:
            raise CommandError("--repeat 至少为 1。")

        data = {
            "date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
            "arguments": shlex.join(sys.argv[2:]) if len(sys.argv) > 2 else "",
            "scale": scale,
            "repeat": options["repeat"],
            "load_average": {},
        }
        self.log(f"== 迁移并准备 {scale:g} 倍数据（数据库 {settings.DATABASES['default']['NAME']}）")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            data["seed"] = seed(scale, reseed=options["reseed"], stdout=self.stdout if self.verbosity >= 1 else None)
        except SeedError as error:
            raise CommandError(str(error)) from error
        if data["seed"]["seeded"]:
            self.log(f"   生成用时 {data['seed']['seconds']} 秒，VACUUM ANALYZE {data['seed']['vacuum_seconds']} 秒")
        else:
            self.log(f"   已有 {scale:g} 倍数据（{data['seed']['organizations']:,} 个社会组织），跳过生成")
        data["machine"] = machine.describe()
        data["totals"] = {
            "organizations": SocialOrganization.objects.count(),
            "party_organizations": PartyOrganization.objects.count(),
            "activities": Activity.objects.count(),
            "published": Activity.objects.published().count(),
            "photos": ActivityPhoto.objects.count(),
        }
        data["config"] = {
            "debug": settings.DEBUG,
            "template_loaders": _template_loaders(),
            "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE"),
            "cache": type(caches["default"]).__name__,
            "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
        }

        compare_scale = options["compare_scale"]
        if compare_scale:
            self.log(f"== {compare_scale:g} 倍对照：临时数据库生成、计时、删除")
            with self.part(f"{compare_scale:g} 倍对照"):
                data["compare"] = compare_at_scale(compare_scale, repeat=min(options["repeat"], 10), stdout=self.stdout)
            self.log(f"   {compare_scale:g} 倍生成用时 {data['compare']['seed_seconds']} 秒")

        if not options["skip_timing"]:
            self.log(f"== 页面计时：每页 1 次冷请求 + {options['repeat']} 次热请求")
            data["load_average"]["before timing"] = machine.load_average()
            drawn = drawn_search_words(options["drawn_searches"], options["drawn_searches"])
            list_drawn = drawn_list_search_words(options["drawn_searches"], options["drawn_searches"])
            try:
                pages = pick_pages(extra_search_words=drawn, list_search_words=list_drawn)
            except LookupError as error:
                raise CommandError(str(error)) from error
            pages += admin_search_pages(options["admin_searches"]) + report_pages()
            filters = filter_pages() if options["filter_repeat"] else []
            if options["searches_only"]:
                pages = [page for page in pages if "search" in page.group]
                filters = []

            def show(result):
                self.progress.advance()
                row = result.as_dict()
                self.log(
                    f"   {row['label']:<48} 查询 {row['cold_queries']:>2}/{row['warm_queries']:<2} "
                    f"冷 {row['cold_ms']:>7.1f}  p50 {row['p50_ms']:>7.1f}  p95 {row['p95_ms']:>7.1f} ms"
                    + ("" if row["status"] == 200 else f"  HTTP {row['status']}")
                )

            with self.part("页面计时", total=len(pages) + len(filters)):
                results = time_pages(
                    pages, repeat=options["repeat"], secure=settings.SECURE_SSL_REDIRECT, progress=show
                )
                if filters:
                    results += time_pages(
                        filters, repeat=options["filter_repeat"], secure=settings.SECURE_SSL_REDIRECT, progress=show
                    )
            data["pages"] = [result.as_dict() for result in results]
            data["filter_repeat"] = options["filter_repeat"]
            data["load_average"]["after timing"] = machine.load_average()
            data["search_matches"] = search_match_counts(drawn)
            data["explain"] = directory_search_plans()
            data["explain_lists"] = list_search_plans()

        if not options["skip_throughput"]:
            self.log(
                f"== 吞吐量：gunicorn {options['workers']} 个 worker，wrk {options['connections']} 个连接，"
                f"每个路径 {options['duration']} 秒"
            )
            # The gunicorn workers open their own connections; this one is not needed meanwhile.
            connection.close()

            def ran(run):
                self.progress.advance()
                self.log(
                    f"   {run.path:<18} {run.requests_per_second:>8.1f} 请求/秒  "
                    f"p50 {run.latency_ms.get('p50')} ms  p99 {run.latency_ms.get('p99')} ms"
                )

            # /healthz before and after the paths.
            with self.part("吞吐量", total=len(PATHS) + 2 + (0 if options["skip_mixed"] else len(MIXED_PATHS) + 1)):
                try:
                    throughput = measure_throughput(
                        workers=options["workers"],
                        connections=options["connections"],
                        duration=options["duration"],
                        warmup=options["warmup"],
                        progress=ran,
                        mixed_paths=() if options["skip_mixed"] else MIXED_PATHS,
                    )
                except ThroughputError as error:
                    raise CommandError(str(error)) from error
            data["throughput"] = throughput.as_dict()
            data["load_average"]["after throughput"] = machine.load_average()
            for run in data["throughput"]["runs"]:
                self.log(f"   {run['path']:<18} /healthz 的 {run['ratio']:.0%}")
            mixed = data["throughput"].get("mixed")
            for run in (mixed or {}).get("runs", []):
                self.log(f"   {run['path']:<18} 有书记写入时保持 {run['kept']:.0%}（写入 {mixed['writes']}）")
            self.log(f"   worker 峰值内存 {throughput.peak_worker_rss_mb} MB")

        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=2, default=str)
        if not options["no_write"]:
            report.write(options["output"], report.render(data))
            self.log(self.style.SUCCESS(f"结果已写入 {os.path.relpath(options['output'])}"))
