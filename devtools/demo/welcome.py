"""What the embedded demo's terminal shows once the portal is up: where it is, the demo
accounts with their role and the password in force, and the pages each role should try."""

import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin

from django.contrib.auth import get_user_model

from .accounts import BUREAU_USERNAME, SECRETARY_USERNAMES, demo_password


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    sign_in: str  # where this account signs in


ACCOUNTS = (
    Account(BUREAU_USERNAME, "局工作人员 bureau staff", "admin/"),
    *(
        Account(username, "党组织书记 party-organization secretary", "accounts/login/")
        for username in SECRETARY_USERNAMES
    ),
)

# What each role should try first: (path, what it shows).
PAGES_TO_TRY = (
    (
        "公众（无需登录）The public",
        (
            ("", "首页：数说党建、云展馆、最新活动"),
            ("exhibition/", "云展馆：三个展厅的活动图文"),
            ("organizations/?q=软件", "社会组织名录：用中文检索"),
            ("stats/", "数据统计：按年度、类型、区"),
            ("towns/", "从化特色小镇"),
        ),
    ),
    (
        "secretary1（党组织书记）",
        (
            ("accounts/login/", "登录"),
            ("my/", "本组织的活动：记录、提交审核、看退回原因"),
        ),
    ),
    (
        "bureau（局工作人员）",
        (
            ("admin/", "管理后台：编辑全部记录"),
            ("admin/activities/activity/?state__exact=submitted", "审核待审活动：发布或退回"),
            ("admin/reports/", "报表：两个覆盖、风险名单、星级、活动"),
            ("admin/organizations/socialorganization/import/", "从电子表格导入社会组织（先预览）"),
        ),
    ),
)


def password_in_force(username, password):
    """True, False (changed since seeding) or None (no such account: not seeded)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    return user.check_password(password)


def _width(text):
    """Columns `text` takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text, width):
    return text + " " * max(0, width - _width(text))


def welcome_lines(base_url, *, serving=True):
    base_url = base_url.rstrip("/") + "/"
    password = demo_password()
    lines = [
        "",
        f"演示站点已启动 The demo portal is running:  {base_url}",
        "",
        f"演示账号 Demo accounts（密码 password: {password}）",
    ]
    role_width = max(_width(account.role) for account in ACCOUNTS) + 2
    for account in ACCOUNTS:
        state = password_in_force(account.username, password)
        note = ""
        if state is None:
            note = "  ！尚未创建：请先运行 manage.py seed_demo / not created yet: run manage.py seed_demo"
        elif state is False:
            note = "  ！密码已改，不是上面的密码 / its password was changed since seeding"
        sign_in = urljoin(base_url, account.sign_in)
        lines.append(f"  {account.username:<12}{_pad(account.role, role_width)}登录 sign in: {sign_in}{note}")
        if account.username == BUREAU_USERNAME:
            # Staff sign in with a second factor: say how to get the demo bureau account's
            # current code (its authenticator has a known seed; demo accounts only).
            lines.append(
                f"  {'':<12}两步验证码 second factor: .venv/bin/python manage.py demo_totp bureau"
                "（每 30 秒换一个 / a new code every 30 s）"
            )
    lines += ["", "可以先试试 Pages to try:"]
    what_width = max(_width(what) for _, pages in PAGES_TO_TRY for _, what in pages) + 2
    for who, pages in PAGES_TO_TRY:
        lines.append(f"  {who}")
        lines += [f"    {_pad(what, what_width)}{urljoin(base_url, path)}" for path, what in pages]
    if serving:
        lines += ["", "按 Ctrl+C 停止 Press Ctrl+C to stop."]
    lines.append("")
    return lines


def fetch(url, timeout=10):
    """(status, body text) of a GET; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http on loopback)
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def wait_until_up(base_url, seconds):
    """Poll /healthz until the portal answers ok, at most `seconds`. Returns whether it did."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = fetch(urljoin(base_url, "healthz"), timeout=5)
        if status == 200 and _is_ok(body):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.3)


def check_site(base_url, site_name):
    """What a newcomer's browser would find wrong with / and /healthz (an empty list: nothing)."""
    problems = []
    status, body = fetch(base_url)
    if status != 200:
        problems.append(f"/ 返回 {status or '无响应'}，应为 200")
    elif site_name not in body:
        problems.append(f"/ 的页面里没有站点名称“{site_name}”")
    else:
        # What the browser fetches next: the page's stylesheet (collectstatic, served by whitenoise).
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', body)
        if stylesheet is None:
            problems.append("/ 的页面没有引用样式表")
        elif (css := fetch(urljoin(base_url, stylesheet.group(1))))[0] != 200:
            problems.append(f"样式表 {stylesheet.group(1)} 返回 {css[0] or '无响应'}，应为 200")
    status, body = fetch(urljoin(base_url, "healthz"))
    if status != 200 or not _is_ok(body):
        problems.append(f"/healthz 返回 {status or '无响应'}：{body[:200]}")
    return problems


def _is_ok(body):
    try:
        return json.loads(body).get("status") == "ok"
    except (ValueError, AttributeError):
        return False
