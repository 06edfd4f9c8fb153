"""Locust users for scripts/load: public readers and (when enabled) secretaries writing.

scripts/load runs this file; it is not meant to be started by hand. It reads
LOAD_TARGETS (the JSON written by scripts/load_seed.py), LOAD_PASSWORD, and
LOAD_SECRETARIES (secretary writers; 0 leaves them out), LOAD_RESULTS (where the
writers record what they sent) and LOAD_WAIT_MAX (seconds a reader pauses, at most).

At the end it prints throughput and p95, and fails the run (exit code 1) on any
5xx response, any failed request or no request at all.
"""

import datetime
import html
import json
import os
import random
import re
import uuid
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
SECRETARIES = int(os.environ.get("LOAD_SECRETARIES", "0"))
RESULTS = os.environ.get("LOAD_RESULTS", "")
WAIT_MAX = float(os.environ.get("LOAD_WAIT_MAX", "1.0"))

SERVER_ERRORS = []
WRITTEN = []  # what the secretaries sent, checked against the database afterwards
SEARCH_WORDS = ["协会", "压测", "广州", "党支部", "志愿", "0001", "5144", ""]


@events.request.add_listener
def _count_server_errors(request_type, name, response_time, response_length, response=None, **kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS.append(f"{request_type} {name} {response.status_code}")


class PublicReader(HttpUser):
    """Someone from the public browsing the portal."""

    wait_time = between(0.1, WAIT_MAX)

    def _get(self, path, name=None):
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @task(4)
    def home(self):
        self._get("/")

    @task(2)
    def exhibition(self):
        self._get("/exhibition/")
        self._get(f"/exhibition/{random.choice(['seed', 'sapling', 'forest'])}/", name="/exhibition/[hall]/")

    @task(4)
    def organization_directory(self):
        query = f"?q={random.choice(SEARCH_WORDS)}&page={random.randint(1, 3)}"
        self._get("/organizations/" + query, name="/organizations/?q=&page=")
        self._get(f"/organizations/{random.choice(TARGETS['organizations'])}/", name="/organizations/[id]/")

    @task(2)
    def party_organization(self):
        self._get(f"/branches/{random.choice(TARGETS['party_organizations'])}/", name="/branches/[id]/")

    @task(4)
    def activities(self):
        self._get("/activities/")
        self._get(f"/activities/{random.choice(TARGETS['activities'])}/", name="/activities/[id]/")

    @task(1)
    def pairings(self):
        self._get("/pairings/")

    @task(1)
    def towns(self):
        self._get("/towns/")
        self._get(f"/towns/{random.choice(TARGETS['towns'])}/", name="/towns/[slug]/")

    @task(2)
    def statistics(self):
        self._get("/stats/")


class _FormParser(HTMLParser):
    """The fields of the first POST form of a page, with their current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = {}
        self.types = {}
        self._in_form = False
        self._done = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not self._done:
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self.types[name] = kind
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.types[name] = "select"
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in a or not self.fields.get(self._select):
                value = a.get("value", "")
                if value or "selected" in a:
                    self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.types[name] = "textarea"
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


def _csrf_token(page):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return html.unescape(match.group(1)) if match else ""


def _datetime_value(kind, moment):
    return moment.strftime("%Y-%m-%dT%H:%M" if kind == "datetime-local" else "%Y-%m-%d %H:%M")


class SecretaryWriter(HttpUser):
    """A party organization's secretary keeping the activity log.

    Written against the workspace's URL contract: sign in at /accounts/login/, open
    /my/activities/new/, post its form. Every activity sent is recorded and checked
    afterwards (exactly one row with the data sent: scripts/load_check.py).

    HOOK (secretary workspace): editing the new activity and submitting it for review
    follow the same pattern once their URLs are fixed: GET the edit form of the
    activity the create step redirected to, change the description, POST it; POST the
    submit action; record the final state in WRITTEN for scripts/load_check.py.
    """

    wait_time = between(0.5, 2.0)
    fixed_count = SECRETARIES
    account_index = 0

    def on_start(self):
        accounts = TARGETS["secretaries"]
        account = accounts[SecretaryWriter.account_index % len(accounts)]
        SecretaryWriter.account_index += 1
        self.username = account["username"]
        self.party_organization = str(account["party_organization"])
        page = self.client.get("/accounts/login/", name="/accounts/login/").text
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf_token(page)},
            name="/accounts/login/ [POST]",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused: {response.status_code}")

    @task
    def create_activity(self):
        with self.client.get("/my/activities/new/", name="/my/activities/new/", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            page = response.text
        parser = _FormParser()
        parser.feed(page)
        form = dict(parser.fields)
        title = f"压测填报活动 {uuid.uuid4().hex[:12]}"
        # The form takes the portal's local time.
        now = datetime.datetime.now(tz=zoneinfo.ZoneInfo("Asia/Shanghai"))
        starts = now.replace(second=0, microsecond=0) - datetime.timedelta(days=2)
        ends = starts + datetime.timedelta(hours=3)
        sent = {
            "title": title,
            "organizer": self.party_organization,
            "district": "440104",
            "street": "农林街",
            "place": "社区服务中心",
            "party_members": str(random.randint(1, 30)),
            "volunteers": str(random.randint(1, 60)),
            "service_minutes": str(random.choice([60, 120, 180])),
            "people_served": str(random.randint(1, 300)),
            "funds": f"{random.randint(0, 5000)}.00",
            "description": f"{self.username} 组织党员志愿者上门服务群众。",
        }
        for name, value in sent.items():
            if name in form or name in parser.types:
                form[name] = value
        for name, moment in (("starts_at", starts), ("ends_at", ends)):
            if name in parser.types:
                form[name] = _datetime_value(parser.types[name], moment)
            elif f"{name}_0" in parser.types:
                form[f"{name}_0"] = moment.strftime("%Y-%m-%d")
                form[f"{name}_1"] = moment.strftime("%H:%M")
        form["csrfmiddlewaretoken"] = _csrf_token(page)
        with self.client.post(
            "/my/activities/new/",
            form,
            name="/my/activities/new/ [POST]",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"activity not created: {response.status_code}")
                return
        WRITTEN.append({"username": self.username, "fields": {k: v for k, v in sent.items() if k in form}})


@events.quitting.add_listener
def _report(environment, **kwargs):
    total = environment.stats.total
    p95 = total.get_response_time_percentile(0.95) or 0
    print(
        f"LOAD RESULT: {total.num_requests} requests, {total.num_failures} failed, "
        f"{len(SERVER_ERRORS)} answered 5xx; throughput {total.total_rps:.1f} req/s; "
        f"p95 {p95:.0f} ms; median {total.median_response_time or 0:.0f} ms"
    )
    if RESULTS:
        Path(RESULTS).write_text(json.dumps(WRITTEN, ensure_ascii=False), encoding="utf-8")
    problems = []
    if total.num_requests == 0:
        problems.append("no request was made")
    if SERVER_ERRORS:
        problems.append("5xx responses: " + "; ".join(sorted(set(SERVER_ERRORS))[:10]))
    if total.num_failures:
        problems.append(f"{total.num_failures} failed requests")
    if problems:
        print("LOAD FAILED: " + " | ".join(problems))
        environment.process_exit_code = 1
    else:
        environment.process_exit_code = 0
