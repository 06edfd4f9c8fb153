import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devtools.demo.accounts import (
    BUREAU_USERNAME,
    DEFAULT_PASSWORD,
    SECRETARY_USERNAMES,
    demo_password,
    ensure_accounts,
)
from devtools.demo.facts import seed_facts
from devtools.demo.generate import Generator, bind_secretaries, generated_part_exists
from devtools.demo.summary import demo_totals, format_totals
from devtools.demo.targets import MAX_SCALE, MIN_SCALE, targets_for
from gzpartybuild.caching import invalidate_public
from operations.progress import CommandProgress

# From this scale on the activities' stage shows a bar with counts and the time left.
BAR_FROM_SCALE = 2


class Command(BaseCommand):
    help = (
        "Load the demo data: the article's named facts (the municipal party committee, the federation, "
        "普爱社会工作服务 and 广州市软件行业协会, the chronicle, the 2021 volunteer services, the nine Conghua "
        "towns), generated records whose totals are the article's (8,095 organizations, 1,741 party "
        "organizations with 20,868 members, pairings, about 20,000 activities with drawn photos, running up to "
        "the day before the seed runs), the article's programme totals as sourced statistics, and the "
        "demo accounts bureau, secretary1 and secretary2. Idempotent: a second run adds nothing. "
        "For the embedded demo and benchmarks only; production never runs it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=f"Multiply the generated part (benchmarks: 10). Between {MIN_SCALE} and {MAX_SCALE}; default 1.",
        )
        parser.add_argument(
            "--password",
            default="",
            help=f"Password of the demo accounts; default: the DEMO_PASSWORD setting, else {DEFAULT_PASSWORD}.",
        )

    def handle(self, *args, scale, password, **options):
        if not settings.EMBEDDED_DEMO:
            # Demo accounts with a known password must never reach a real deployment's
            # database, even where DJANGO_DEVTOOLS=1 installed this command.
            raise CommandError(
                "拒绝执行：当前为正式部署配置（已设置 DJANGO_SECRET_KEY），seed_demo 会创建使用已知密码的"
                "演示账号，只能用于内置演示、测试和基准测试数据库。"
                "Refused: seed_demo creates accounts with a known password and never runs with a "
                "deployment's settings (DJANGO_SECRET_KEY set)."
            )
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise CommandError(f"--scale 应在 {MIN_SCALE} 到 {MAX_SCALE} 之间，收到 {scale}。")
        started = time.monotonic()
        targets = targets_for(scale)
        verbose = options["verbosity"] >= 2
        # On a terminal: a line per stage, and a bar for the activities where the run is long enough.
        progress = CommandProgress(self.stdout, verbosity=options["verbosity"], counts=scale >= BAR_FROM_SCALE)

        def log(message):
            if verbose:
                progress.print(f"  {message}（{time.monotonic() - started:.1f} 秒）")

        with progress, transaction.atomic():
            with progress.stage("演示账号与文章中的具名事实"):
                accounts = ensure_accounts(demo_password(password))
                named = seed_facts(bureau_user=accounts.bureau)
            if generated_part_exists():
                progress.print("演示数据已生成过，跳过生成部分（本次不新增记录）。")
            else:
                Generator(targets=targets, named=named, accounts=accounts, log=log, progress=progress).run()
            bind_secretaries(accounts)
        # Bulk inserts send no signals: make every cached figure and page stale (running servers too).
        invalidate_public()

        elapsed = time.monotonic() - started
        if options["verbosity"] >= 1:
            self.stdout.write(format_totals(demo_totals()))
            source = "--password" if password else "DEMO_PASSWORD 或默认值"
            secretaries = "、".join(SECRETARY_USERNAMES)
            self.stdout.write(
                f"演示账号：{BUREAU_USERNAME}（局工作人员）、{secretaries}（党组织书记），密码来自 {source}。"
            )
            self.stdout.write(
                f"{BUREAU_USERNAME} 进入管理后台还需两步验证码："
                f"运行 python manage.py demo_totp {BUREAU_USERNAME} 查看当前的码。"
            )
            self.stdout.write(self.style.SUCCESS(f"演示数据就绪，用时 {elapsed:.1f} 秒。"))
