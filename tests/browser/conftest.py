"""Browser journeys, accessibility and HTML validity: the tools they need and the portal they run on.

Chromium is Debian's package, driven through Playwright for Python (no browser download);
axe-core and the Nu HTML Checker (vnu.jar, run on Java) are the npm packages of package.json,
installed into node_modules/ by `npm ci`. On a machine without one of them the tests that need
it skip and say how to install it; under CI=true they fail instead, so that CI never passes by
skipping them.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from gzpartybuild.context_processors import ELDER_MODE_COOKIE
from tests.browser.portal import seed_portal

ROOT = Path(settings.BASE_DIR)
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"

# Quiet, offline, no sandbox (CI runs as root). Debian's chromium ships the en-US locale only;
# --lang pins it, so a date is typed month/day/year whatever the machine's locale.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--lang=en-US",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}

# Playwright for Python is a pinned requirement (requirements-dev.txt) like pytest itself; it
# drives this Chromium and never downloads a browser of its own (no `playwright install`).
INSTALL_CHROMIUM = "apt-get install chromium fonts-wqy-microhei (Debian's Chromium; or set CHROMIUM_PATH)"
INSTALL_NPM = "run `npm ci` in the project folder (axe-core and vnu-jar into node_modules/)"
INSTALL_JAVA = "install a Java runtime (apt-get install default-jre-headless)"


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(available, message):
    """Skip with `message` where a tool is missing; fail under CI, where every tool must be there."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{message} (CI=true: these tests must run, not skip)", pytrace=False)
    pytest.skip(message)


# -- tools --------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium, one per test module."""
    require(CHROMIUM.exists(), f"No Chromium at {CHROMIUM}: {INSTALL_CHROMIUM}")
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses
    # ORM calls from a thread with a running loop; the tests' ORM calls are plain sync code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_js():
    require(AXE_JS.exists(), f"axe-core is not installed: {INSTALL_NPM}")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command():
    """The Nu HTML Checker's command line, to which the files to check are appended."""
    require(VNU_JAR.exists(), f"vnu-jar is not installed: {INSTALL_NPM}")
    java = shutil.which("java")
    require(java is not None, f"No java on PATH: {INSTALL_JAVA}")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


# -- the portal -----------------------------------------------------------------


@pytest.fixture
def portal(live_server):
    """The demo data at its smallest scale (seed_demo --scale 0.01), served by the live server."""
    return seed_portal()


# -- pages ----------------------------------------------------------------------


class Browsing:
    """The pages one test opens: their contexts, and what went wrong in them that a user
    would not see on the page (console errors, CSP refusals, script exceptions)."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.problems = []
        self.last_page = None

    def new_page(self, viewport=DESKTOP, *, phone=False, elder=False, bypass_csp=False):
        options = {
            "viewport": viewport,
            "base_url": self.base_url,
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
            "bypass_csp": bypass_csp,
        }
        if phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = self.browser.new_context(**options)
        context.set_default_timeout(15_000)
        if elder:
            context.add_cookies([{"name": ELDER_MODE_COOKIE, "value": "1", "url": self.base_url}])
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))
        self.last_page = page
        return page

    def _console(self, page, message):
        if message.type == "error":
            self.problems.append(f"{page.url}: {message.text}")

    def visit(self, page, path, status=200):
        """Open `path` as if typed into the address bar; it must answer `status`."""
        response = page.goto(path)
        assert response is not None and response.status == status, f"{path} answered {response and response.status}"
        if status != 200:
            # The browser logs the page's own status as an error; that one is expected.
            self.problems = [p for p in self.problems if f"status of {status}" not in p]
        self.last_page = page
        return response

    def screenshot(self, page, name, *, full_page=True):
        """Leave a picture of `page` (the whole page, or what the window shows) in
        tests/artifacts/screenshots/ for people to look at."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_no_problems(self):
        assert self.problems == [], "the browser reported:\n" + "\n".join(self.problems)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(chromium, live_server, request):
    session = Browsing(chromium, live_server.url)
    failed_picture = "failed-" + re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    (SCREENSHOTS / f"{failed_picture}.png").unlink(missing_ok=True)
    yield session
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and session.last_page is not None and not session.last_page.is_closed():
        try:
            session.screenshot(session.last_page, failed_picture)
        except Exception:  # a failed picture must not hide the test's own failure
            pass
    session.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Lets `browsing` know at teardown whether the test failed (to keep a picture of it).
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
