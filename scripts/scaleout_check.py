"""The checks of scripts/scaleout, against two running app servers (A and B), the primary,
its streaming replica and the object store. One line per check; exit 1 at the first miss.

    python scripts/scaleout_check.py                       the checks
    python scripts/scaleout_check.py --load URL[,URL] --label TEXT
                                                           public-page throughput (loopback, bounded)

Run by scripts/scaleout, which sets the environment (SCALEOUT_*, LOAD_PASSWORD).
"""

import argparse
import datetime
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
import zoneinfo
from pathlib import Path

import boto3
import psycopg2
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_forms import FormParser, action_is, is_activity_form  # noqa: E402

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TIMEOUT = 15
# How long the check waits for the servers' transactions to reach pg_stat_database: a backend
# that could not report them retries ten seconds later.
STATISTICS_LATE_S = 11
STATISTICS_WAIT_S = 15


def env(name):
    return os.environ[name]


def report(label, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {label}" + (f" ({detail})" if detail else ""), flush=True)
    if not ok:
        sys.exit(1)


def read_form(session, url, wanted):
    response = session.get(url, timeout=TIMEOUT, allow_redirects=False)
    if response.status_code != 200:
        report(f"open {url}", False, f"status {response.status_code}")
    parser = FormParser(wanted)
    parser.feed(response.text)
    parser.close()
    if not parser.found:
        report(f"form on {url}", False, "not found")
    return parser.fields, parser.options


def sign_in(base, username, path="/accounts/login/"):
    session = requests.Session()
    fields, _ = read_form(session, base + path, action_is(path))
    fields.update(username=[username], password=[env("LOAD_PASSWORD")])
    response = session.post(base + path, data=fields, allow_redirects=False, timeout=TIMEOUT)
    if response.status_code != 302:
        report(f"sign in as {username} on {base}", False, f"status {response.status_code}")
    if path.startswith("/admin/"):
        # Staff pass the second factor with the code of the authenticator scripts/scaleout gave them.
        from django_otp.oath import TOTP

        fields, _ = read_form(session, base + "/accounts/two-factor/", action_is("/accounts/two-factor/"))
        fields.update(token=[f"{TOTP(bytes.fromhex(env('SCALEOUT_TOTP_KEY'))).token():06d}"])
        response = session.post(base + "/accounts/two-factor/", data=fields, allow_redirects=False, timeout=TIMEOUT)
        if response.status_code != 302:
            report(f"second factor of {username} on {base}", False, f"status {response.status_code}")
    return session


def jpeg(color):
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def create_activity(session, base, party_organization, title, photo=None, submit=True):
    fields, options = read_form(session, base + "/my/activities/new/", is_activity_form)
    starts = (datetime.datetime.now(tz=SHANGHAI) - datetime.timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    fields.update(
        {
            "title": [title],
            "kind": [next(value for value in options["kind"] if value)],
            "organizer": [str(party_organization)],
            "co_organizers": [],
            "starts_at": [starts.strftime("%Y-%m-%dT%H:%M")],
            "ends_at": [(starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")],
            "district": [next(value for value in options["district"] if value)],
            "street": ["农林街"],
            "place": ["社区党群服务中心"],
            "party_members": ["12"],
            "volunteers": ["8"],
            "service_hours": ["2"],
            "service_minutes_part": ["0"],
            "people_served": ["60"],
            "funds": ["0"],
            "description": ["党员志愿者上门服务群众。"],
            "action": ["submit" if submit else "draft"],
        }
    )
    files = None
    if photo is not None:
        files = [("new_photos", ("现场.jpg", photo, "image/jpeg"))]
        fields["new_photo_caption"] = ["志愿者合影"]
    response = session.post(
        base + "/my/activities/new/", data=fields, files=files, allow_redirects=False, timeout=TIMEOUT
    )
    match = re.match(r"^/my/activities/(\d+)/$", response.headers.get("Location", ""))
    if response.status_code != 302 or not match:
        report(f"create “{title}” through {base}", False, f"status {response.status_code}")
    return int(match.group(1))


def db_count(url, sql, *args):
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql, args)
        value = cursor.fetchone()[0]
    connection.close()
    return value


def commits(url):
    """Transactions committed in the portal's database on that server (pg_stat_database)."""
    server, _, name = url.rpartition("/")
    with psycopg2.connect(f"{server}/postgres") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [name])
        value = cursor.fetchone()[0]
    connection.close()
    return value


def uncached_public_reads(count):
    """Anonymous reads that no page cache answers (a directory search), alternating A and B."""
    anonymous = requests.Session()
    for n in range(count):
        base = env("SCALEOUT_A") if n % 2 == 0 else env("SCALEOUT_B")
        response = anonymous.get(f"{base}/organizations/", params={"q": f"压测协会{n:03d}"}, timeout=TIMEOUT)
        if response.status_code != 200:
            report("anonymous directory search", False, f"{base}: status {response.status_code}")


def checks():
    a, b = env("SCALEOUT_A"), env("SCALEOUT_B")
    primary, replica = env("SCALEOUT_PRIMARY"), env("SCALEOUT_REPLICA")
    targets = json.loads(Path(env("SCALEOUT_TARGETS")).read_text(encoding="utf-8"))
    account = targets["secretaries"][0]
    marker = uuid.uuid4().hex[:8]

    for base in (a, b):
        health = requests.get(base + "/healthz", timeout=TIMEOUT).json()
        report(f"{base}/healthz: database and replica in use", health == {"status": "ok", "replica": "ok"}, health)

    # 1. One session for every app server (sessions in PostgreSQL behind the Redis cache).
    secretary = sign_in(a, account["username"])
    on_b = secretary.get(b + "/my/", allow_redirects=False, timeout=TIMEOUT)
    report(
        "a secretary signed in on A stays signed in on B",
        on_b.status_code == 200 and "/accounts/logout/" in on_b.text,
        f"B's /my/ answered {on_b.status_code} without asking to sign in",
    )

    # 2. A photo uploaded through A, into the object store, served through B.
    title = f"多服务器检查活动 {marker}"
    pk = create_activity(secretary, a, account["party_organization"], title, photo=jpeg((30, 120, 200)))
    page = secretary.get(f"{b}/my/activities/{pk}/", timeout=TIMEOUT).text
    # The secretary's page shows the thumbnail made at upload; the public page links the photo.
    found = re.search(r'(/media/activities/(?:thumbs/)?[0-9a-f]+\.jpg)"', page)
    report("the secretary sees the activity and its photo on B", title in page and found is not None)
    photo_url = found.group(1)
    name = photo_url.removeprefix("/media/")
    s3 = boto3.client(
        "s3",
        endpoint_url=env("SCALEOUT_S3"),
        aws_access_key_id="scaleout",
        aws_secret_access_key="scaleout",
        region_name="us-east-1",
    )
    stored = s3.get_object(Bucket=env("SCALEOUT_BUCKET"), Key=name)["Body"].read()
    on_disk = [p for p in Path(env("MEDIA_ROOT")).rglob("*") if p.is_file()] if Path(env("MEDIA_ROOT")).exists() else []
    served = secretary.get(b + photo_url, timeout=TIMEOUT)
    report(
        "a photo uploaded through A is served through B from the object store",
        served.status_code == 200 and served.content == stored and stored[:2] == b"\xff\xd8" and not on_disk,
        f"{len(stored)} bytes in bucket {env('SCALEOUT_BUCKET')}, {len(on_disk)} files on disk",
    )
    public_try = [requests.get(base + photo_url, timeout=TIMEOUT).status_code for base in (a, b)]
    report("the public URL of the unpublished photo is refused on A and B", public_try == [404, 404], public_try)

    # 3. Published through A (bureau staff's review), on B's cached public pages at the next request.
    anonymous = requests.Session()
    for _ in range(2):  # the second answer comes from the page cache
        before = anonymous.get(b + "/activities/", timeout=TIMEOUT)
    staff = sign_in(a, "load_operator", path="/admin/login/")
    review = f"{a}/admin/activities/activity/{pk}/review/"
    fields, _ = read_form(staff, review, lambda attributes: "logout" not in attributes.get("action", ""))
    approved = staff.post(review, data=fields, allow_redirects=False, timeout=TIMEOUT)
    report(
        "bureau staff publish the activity through A",
        approved.status_code == 302 and fields["decision"] == ["approve"],
    )
    after = anonymous.get(b + "/activities/", timeout=TIMEOUT)
    detail = anonymous.get(f"{b}/activities/{pk}/", timeout=TIMEOUT)
    report(
        "the published activity is on B's cached public list at the next request",
        title not in before.text and title in after.text and detail.status_code == 200 and title in detail.text,
    )
    full = re.search(r'href="(/media/activities/[0-9a-f]+\.jpg)"', detail.text)
    public_photo = anonymous.get(b + full.group(1), timeout=TIMEOUT) if full else None
    public_thumb = anonymous.get(b + photo_url, timeout=TIMEOUT)
    report(
        "its photo and thumbnail are now public, through B, from the object store",
        public_photo is not None
        and public_photo.status_code == 200
        and public_photo.content[:2] == b"\xff\xd8"
        and public_thumb.content == stored,
    )

    # 4. Public reads on the replica, writes on the primary.
    # A backend reports its statistics at most once a second, and one that finds the shared
    # statistics locked by another backend tries again ten seconds later (PostgreSQL 15): let the
    # earlier steps' transactions land before the count starts, and wait for the reads' to land.
    time.sleep(STATISTICS_LATE_S)
    primary_before, replica_before = commits(primary), commits(replica)
    reads = 40
    uncached_public_reads(reads)
    deadline = time.monotonic() + STATISTICS_WAIT_S
    while True:
        time.sleep(0.5)
        primary_reads, replica_reads = commits(primary) - primary_before, commits(replica) - replica_before
        if replica_reads >= reads or time.monotonic() > deadline:
            break
    time.sleep(1.2)  # and any of the reads that went to the primary, reported as late
    primary_reads = commits(primary) - primary_before
    report(
        f"{reads} anonymous searches on A and B read from the replica",
        replica_reads >= reads and primary_reads < reads / 4,
        f"transactions: replica +{replica_reads}, primary +{primary_reads}",
    )
    rows = (
        db_count(primary, "SELECT count(*) FROM activities_activity WHERE title = %s", title),
        db_count(replica, "SELECT count(*) FROM activities_activity WHERE title = %s", title),
    )
    in_recovery = db_count(replica, "SELECT pg_is_in_recovery()::int")
    report(
        "every write went to the primary and reached the replica by streaming",
        rows == (1, 1) and in_recovery == 1,
        f"rows on primary/replica {rows}, replica read-only: {bool(in_recovery)}",
    )

    # 5. Read-your-writes: each save through A is read back at once on B.
    fresh = []
    for n in range(5):
        own = create_activity(secretary, a, account["party_organization"], f"刚保存 {marker}-{n}", submit=False)
        mine = secretary.get(f"{b}/my/activities/{own}/", timeout=TIMEOUT)
        fresh.append(mine.status_code == 200 and f"刚保存 {marker}-{n}" in mine.text)
    pinned = secretary.post(
        a + "/accounts/logout/",
        data={"csrfmiddlewaretoken": secretary.cookies.get("csrftoken", "")},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    report(
        "a secretary reads their own write at once (5 saves on A, each read on B)",
        all(fresh) and pinned.status_code == 302 and "gzpb_primary" in pinned.cookies,
        f"{sum(fresh)}/5 fresh; after the sign-out the browser sticks to the primary "
        f"for {os.environ.get('DATABASE_REPLICA_PIN_SECONDS', '15')} s",
    )

    # 6. The replica stops: reads fall back to the primary, /healthz says degraded (still 200).
    subprocess.run(env("SCALEOUT_STOP_REPLICA").split(), check=True, capture_output=True)
    try:
        time.sleep(1.2)
        pages = [requests.get(base + "/organizations/?q=压测", timeout=TIMEOUT).status_code for base in (a, b)]
        healths = [requests.get(base + "/healthz", timeout=TIMEOUT) for base in (a, b)]
        report(
            "with the replica stopped, A and B answer from the primary; /healthz 200 degraded",
            pages == [200, 200]
            and all(h.status_code == 200 for h in healths)
            and all(h.json() == {"status": "degraded", "replica": "unreachable"} for h in healths),
            f"pages {pages}",
        )
    finally:
        subprocess.run(env("SCALEOUT_START_REPLICA").split(), check=True, capture_output=True)


def load(urls, label, seconds=8, clients=8):
    """Requests per second of the public pages, `clients` keep-alive clients spread over the servers."""
    paths = ["/", "/organizations/", "/activities/", "/stats/", "/organizations/?q=压测协会", "/activities/?page=2"]
    done, errors = [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n):
        session = requests.Session()
        base = urls[n % len(urls)]
        i = n
        while time.monotonic() < deadline:
            response = session.get(base + paths[i % len(paths)], timeout=TIMEOUT)
            i += 1
            with lock:
                done[0] += 1
                errors[0] += response.status_code != 200

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(
        f"load  {label}: {done[0] / elapsed:.1f} req/s over {elapsed:.1f} s, {clients} clients, "
        f"{errors[0]} not 200; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    if errors[0]:
        sys.exit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--load")
    parser.add_argument("--label", default="")
    options = parser.parse_args()
    if options.load:
        load(options.load.split(","), options.label)
    else:
        checks()
