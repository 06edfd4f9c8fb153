from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo.welcome import check_site, wait_until_up, welcome_lines


class Command(BaseCommand):
    help = (
        "Print what the embedded demo's terminal ends with: the portal's address, the demo accounts "
        "with their role and the password in force, and the pages to try (scripts/demo runs it). "
        "--wait first waits for the portal to answer; --check also fetches / and /healthz and fails "
        "unless both answer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="The portal's address.")
        parser.add_argument(
            "--wait", type=float, default=0, help="Seconds to wait for the portal to answer /healthz first."
        )
        parser.add_argument("--check", action="store_true", help="Fetch / and /healthz; fail unless both answer.")

    def handle(self, *args, url, wait, check, **options):
        url = url.rstrip("/") + "/"
        if wait and not wait_until_up(url, wait):
            raise CommandError(f"{url} 在 {wait:g} 秒内没有响应 / the portal did not answer within {wait:g} s.")
        self.stdout.write("\n".join(welcome_lines(url, serving=not check)))
        if check:
            problems = check_site(url, settings.SITE_NAME)
            if problems:
                raise CommandError("演示站点检查未通过 / demo check failed：" + "；".join(problems))
            self.stdout.write(self.style.SUCCESS(f"检查通过 / check passed：{url}、它的样式表和 {url}healthz 均正常。"))
