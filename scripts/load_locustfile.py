"""Locust users for scripts/load: public readers and secretaries keeping their activity logs.

scripts/load runs this file; it is not meant to be started by hand. It reads
LOAD_TARGETS (the JSON written by scripts/load_seed.py), LOAD_PASSWORD, and
LOAD_SECRETARIES (secretary writers; 0 leaves them out), LOAD_RESULTS (where the
writers record what they sent) and LOAD_WAIT_MAX (seconds a reader pauses, at most).

At the end it prints throughput and p95 (overall, readers, writers), and fails the run
(exit code 1) on any 5xx response, any failed request or no request at all.
"""

import datetime
import io
import json
import os
import random
import re
import time
import uuid
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from load_forms import FormParser, action_is, form_errors, is_activity_form, record_of
from locust import HttpUser, between, events, task
from PIL import Image

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
SECRETARIES = int(os.environ.get("LOAD_SECRETARIES", "0"))
RESULTS = os.environ.get("LOAD_RESULTS", "")
WAIT_MAX = float(os.environ.get("LOAD_WAIT_MAX", "1.0"))

SERVER_ERRORS = []
# What the secretaries' confirmed writes left behind, by activity id; checked against the
# database afterwards by scripts/load_check.py.
WRITTEN = {}
WRITES = {"created": 0, "created twice": 0, "edited": 0, "submitted": 0}
GROUPS = {}  # "readers" / "writers" -> response times and first/last request time
SEARCH_WORDS = ["协会", "压测", "广州", "党支部", "志愿", "0001", "5144", ""]


@events.request.add_listener
def _count_request(request_type, name, response_time, response_length, response=None, context=None, **kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS.append(f"{request_type} {name} {response.status_code}")
    group = GROUPS.setdefault((context or {}).get("group", "other"), {"times": [], "first": None, "last": None})
    now = time.time()
    group["times"].append(response_time)
    group["first"] = group["first"] or now
    group["last"] = now


class PublicReader(HttpUser):
    """Someone from the public browsing the portal."""

    wait_time = between(0.1, WAIT_MAX)

    def context(self):
        return {"group": "readers"}

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


def _small_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), (200, 30, 30)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


PHOTO = _small_jpeg()
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")  # the portal's time zone: forms take local time
DETAIL = re.compile(r"^/my/activities/(\d+)/$")


class SecretaryWriter(HttpUser):
    """A party organization's secretary keeping the activity log.

    Signs in at /accounts/login/ with the form's CSRF token, then creates activities
    (the new-activity form with its one-time submission key; some saved as drafts, some
    saved and submitted, now and then with a photo, now and then posted twice like a
    double click), edits drafts (the edit form with its version) and submits them from
    the activity's page. Every confirmed write is recorded in WRITTEN; after the run
    scripts/load_check.py finds each activity exactly once, as last sent.
    """

    wait_time = between(0.5, 2.0)
    fixed_count = SECRETARIES
    account_index = 0

    def context(self):
        return {"group": "writers"}

    def on_start(self):
        accounts = TARGETS["secretaries"]
        account = accounts[SecretaryWriter.account_index % len(accounts)]
        SecretaryWriter.account_index += 1
        self.username = account["username"]
        self.party_organization = str(account["party_organization"])
        self.drafts = []
        self.signed_in = False
        parser = self._open_form("/accounts/login/", "/accounts/login/", action_is("/accounts/login/"))
        if parser is None:
            return
        form = parser.fields
        form.update(username=[self.username], password=[PASSWORD])
        self.signed_in = self._post("/accounts/login/", "/accounts/login/ [POST]", form, expect="/my/") is not None

    # -- the steps of a browser ----------------------------------------------------

    def _open_form(self, path, name, wanted, check=None):
        """GET a page and read its wanted form (a FormParser); `check(parser)` may name a problem."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path}: status {response.status_code}")
                return None
            parser = FormParser(wanted)
            parser.feed(response.text)
            parser.close()
            problem = "form missing" if not parser.found else (check(parser) if check else None)
            if problem:
                response.failure(f"{path}: {problem}")
                return None
            return parser

    def _post(self, path, name, form, *, expect, files=None):
        """POST the form; returns the path it redirected to, if that matches `expect` (a string or regex)."""
        with self.client.post(
            path, form, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{path}: status {response.status_code}: {form_errors(response.text)}")
                return None
            location = urlsplit(response.headers.get("Location", "")).path
            matches = location == expect if isinstance(expect, str) else expect.match(location)
            if not matches:
                response.failure(f"{path}: redirected to {location!r}")
                return None
            return location

    def _confirm(self, path, message):
        """Open the page a write redirected to: it must say that the write was done."""
        with self.client.get(path, name="/my/activities/[id]/", catch_response=True) as response:
            if response.status_code != 200 or message not in response.text:
                response.failure(f"{path}: status {response.status_code}, no “{message}”")

    def _some_co_organizers(self):
        others = [str(pk) for pk in TARGETS["party_organizations"] if str(pk) != self.party_organization]
        return random.sample(others, random.randint(0, 2))

    # -- tasks -----------------------------------------------------------------------

    @task(3)
    def create_activity(self):
        if not self.signed_in:
            return

        def offers_own_organization_only(parser):
            if [v for v in parser.options.get("organizer", []) if v] != [self.party_organization]:
                return f"organizer choices {parser.options.get('organizer')}"
            if not (parser.fields.get("submission_key") or [""])[0]:
                return "no submission key"
            return None

        parser = self._open_form(
            "/my/activities/new/", "/my/activities/new/", is_activity_form, offers_own_organization_only
        )
        if parser is None:
            return
        form, options = parser.fields, parser.options
        marker = uuid.uuid4().hex[:12]
        today = datetime.datetime.now(tz=SHANGHAI).replace(second=0, microsecond=0)
        starts = (today - datetime.timedelta(days=random.randint(1, 90))).replace(
            hour=random.randint(8, 15), minute=random.choice([0, 15, 30, 45])
        )
        ends = starts + datetime.timedelta(minutes=random.choice([60, 90, 120, 180, 240]))
        form.update(
            {
                "title": [f"压测填报活动 {marker} “我为群众办实事” & <社区>"],
                "kind": [random.choice([value for value in options["kind"] if value])],
                "organizer": [self.party_organization],
                "pairing": [random.choice(options["pairing"])],
                "co_organizers": self._some_co_organizers(),
                "starts_at": [starts.strftime("%Y-%m-%dT%H:%M")],
                "ends_at": [ends.strftime("%Y-%m-%dT%H:%M")],
                "district": [random.choice([value for value in options["district"] if value])],
                "street": ["农林街"],
                "place": [f"社区党群服务中心 {random.randint(1, 99)} 号"],
                "party_members": [str(random.randint(1, 30))],
                "volunteers": [str(random.randint(0, 60))],
                "service_hours": [str(random.randint(0, 8))],
                "service_minutes_part": [str(random.randint(0, 59))],
                "people_served": [str(random.randint(0, 300))],
                "funds": [f"{random.randint(0, 50000)}.{random.randint(0, 99):02d}"],
                "description": [f"{self.username} 组织党员志愿者上门服务群众。\n记录 {marker}。"],
            }
        )
        submit = random.random() < 1 / 3
        form["action"] = ["submit" if submit else "draft"]
        files = None
        if random.random() < 0.2:
            files = [("new_photos", ("现场.jpg", PHOTO, "image/jpeg"))]
            form["new_photo_caption"] = ["志愿者合影"]
        location = self._post("/my/activities/new/", "/my/activities/new/ [POST]", form, expect=DETAIL, files=files)
        if location is None:
            return
        pk = int(DETAIL.match(location).group(1))
        WRITTEN[pk] = {
            "pk": pk,
            "username": self.username,
            "state": "submitted" if submit else "draft",
            "fields": record_of(form),
            "photos": 1 if files else 0,
        }
        WRITES["created"] += 1
        if not submit:
            self.drafts.append(pk)
        if random.random() < 0.1:
            # A double click: the same form again leads to the same activity, no second one.
            again = self._post(
                "/my/activities/new/", "/my/activities/new/ [POST again]", form, expect=location, files=files
            )
            if again is not None:
                WRITES["created twice"] += 1
        self._confirm(location, "已保存并提交审核" if submit else "已保存为草稿")

    @task(2)
    def edit_draft(self):
        if not self.signed_in:
            return
        if not self.drafts:
            self.create_activity()
            return
        pk = random.choice(self.drafts)
        record = WRITTEN[pk]

        def shows_what_was_saved(parser):
            shown = record_of(parser.fields)
            wrong = [
                f"{name} {shown[name]!r} ≠ {value!r}"
                for name, value in record["fields"].items()
                if shown[name] != value
            ]
            if wrong:
                return "the form shows " + "; ".join(wrong[:3])
            return None if (parser.fields.get("version") or [""])[0] else "no version"

        path = f"/my/activities/{pk}/edit/"
        parser = self._open_form(path, "/my/activities/[id]/edit/", is_activity_form, shows_what_was_saved)
        if parser is None:
            return
        form = parser.fields
        title = re.sub(r"（第\d+次修改）$", "", form["title"][0])
        edits = random.randint(1, 9)
        form.update(
            {
                "title": [f"{title}（第{edits}次修改）"],
                "co_organizers": self._some_co_organizers(),
                "party_members": [str(random.randint(1, 30))],
                "volunteers": [str(random.randint(0, 60))],
                "service_hours": [str(random.randint(0, 8))],
                "service_minutes_part": [str(random.randint(0, 59))],
                "people_served": [str(random.randint(0, 300))],
                "funds": [f"{random.randint(0, 50000)}.{random.randint(0, 99):02d}"],
                "description": [form["description"][0] + f"\n补充说明 {edits}：服务对象满意。"],
            }
        )
        submit = random.random() < 0.2
        form["action"] = ["submit" if submit else "draft"]
        files = None
        if record["photos"] < 3 and random.random() < 0.15:
            files = [("new_photos", ("补充.jpg", PHOTO, "image/jpeg"))]
            form["new_photo_caption"] = ["补充照片"]
        location = self._post(
            path, "/my/activities/[id]/edit/ [POST]", form, expect=f"/my/activities/{pk}/", files=files
        )
        if location is None:
            return
        record["fields"] = record_of(form)
        record["photos"] += 1 if files else 0
        WRITES["edited"] += 1
        if submit:
            record["state"] = "submitted"
            self.drafts.remove(pk)
        self._confirm(location, "已保存并提交审核" if submit else "的修改已保存")

    @task(1)
    def submit_draft(self):
        if not self.signed_in or not self.drafts:
            return
        pk = random.choice(self.drafts)
        path = f"/my/activities/{pk}/"
        parser = self._open_form(path, "/my/activities/[id]/", action_is(f"/my/activities/{pk}/submit/"))
        if parser is None:
            return
        location = self._post(f"{path}submit/", "/my/activities/[id]/submit/ [POST]", parser.fields, expect=path)
        if location is None:
            return
        WRITTEN[pk]["state"] = "submitted"
        WRITES["submitted"] += 1
        self.drafts.remove(pk)
        self._confirm(location, "已提交审核。")


def _group_summary(name):
    group = GROUPS.get(name)
    if not group or not group["times"]:
        return f"{name}: no requests"
    times = sorted(group["times"])
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    span = max(group["last"] - group["first"], 1e-9)
    return (
        f"{name}: {len(times)} requests, {len(times) / span:.1f} req/s, "
        f"p95 {p95:.0f} ms, median {times[len(times) // 2]:.0f} ms"
    )


@events.quitting.add_listener
def _report(environment, **kwargs):
    total = environment.stats.total
    p95 = total.get_response_time_percentile(0.95) or 0
    print(
        f"LOAD RESULT: {total.num_requests} requests, {total.num_failures} failed, "
        f"{len(SERVER_ERRORS)} answered 5xx; throughput {total.total_rps:.1f} req/s; "
        f"p95 {p95:.0f} ms; median {total.median_response_time or 0:.0f} ms"
    )
    print("LOAD RESULT " + _group_summary("readers"))
    if SECRETARIES:
        print("LOAD RESULT " + _group_summary("writers"))
        print("LOAD RESULT writes: " + ", ".join(f"{count} {what}" for what, count in WRITES.items()))
    if RESULTS:
        Path(RESULTS).write_text(json.dumps(list(WRITTEN.values()), ensure_ascii=False), encoding="utf-8")
    problems = []
    if total.num_requests == 0:
        problems.append("no request was made")
    if SERVER_ERRORS:
        problems.append("5xx responses: " + "; ".join(sorted(set(SERVER_ERRORS))[:10]))
    if total.num_failures:
        problems.append(f"{total.num_failures} failed requests")
    if SECRETARIES and not WRITES["created"]:
        problems.append("the secretaries created no activity")
    if problems:
        print("LOAD FAILED: " + " | ".join(problems))
        environment.process_exit_code = 1
    else:
        environment.process_exit_code = 0
