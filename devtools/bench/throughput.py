"""Requests per second under gunicorn, measured with wrk on the loopback.

gunicorn runs from gunicorn.conf.py (the production settings) with DEBUG off and the
static files collected into a scratch folder, on a free port of 127.0.0.1. Each path
gets a short warm-up and then a bounded wrk run; /healthz runs first and last, and the
pages' throughput is given as a ratio of its mean. While wrk runs, the workers' resident
memory is sampled; their peak (VmHWM) is read before gunicorn stops.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PATHS = ["/", "/exhibition/", "/organizations/", "/activities/", "/stats/"]
# Targets: these pages at half the throughput of /healthz or more.
RATIO_TARGETS = {"/": 0.5, "/exhibition/": 0.5, "/organizations/": 0.5}
# The mixed run: readers on these pages while simulated secretaries write (see `Writers`).
MIXED_PATHS = ["/", "/exhibition/", "/organizations/"]
# With the writers, these pages keep this share of their throughput without them, or more.
MIXED_TARGETS = {"/": 0.8}
WRITE_INTERVAL_S = 0.5


class ThroughputError(Exception):
    pass


@dataclass
class WrkResult:
    path: str
    requests_per_second: float
    requests: int
    latency_ms: dict  # percentile -> ms
    non_2xx: int = 0
    socket_errors: int = 0
    duration_s: float = 0.0
    load_average: tuple | None = None

    def as_dict(self):
        return {
            "path": self.path,
            "requests_per_second": round(self.requests_per_second, 1),
            "requests": self.requests,
            "latency_ms": self.latency_ms,
            "non_2xx": self.non_2xx,
            "socket_errors": self.socket_errors,
            "duration_s": self.duration_s,
            "load_average": self.load_average,
        }


@dataclass
class ThroughputResult:
    workers: int
    connections: int
    threads: int
    duration_s: float
    runs: list = field(default_factory=list)
    healthz_before: WrkResult | None = None
    healthz_after: WrkResult | None = None
    peak_worker_rss_mb: float | None = None
    worker_rss_mb: list = field(default_factory=list)
    server_errors: int = 0
    static: dict = field(default_factory=dict)
    # The mixed run: the same paths (and /healthz) while the writers write.
    mixed_runs: list = field(default_factory=list)
    mixed_healthz: WrkResult | None = None
    writes: dict = field(default_factory=dict)

    @property
    def healthz_rps(self):
        values = [run.requests_per_second for run in (self.healthz_before, self.healthz_after) if run]
        return sum(values) / len(values) if values else None

    def ratio(self, run):
        return run.requests_per_second / self.healthz_rps if self.healthz_rps else None

    def as_dict(self):
        return {
            "workers": self.workers,
            "connections": self.connections,
            "threads": self.threads,
            "duration_s": self.duration_s,
            "healthz_before": self.healthz_before.as_dict() if self.healthz_before else None,
            "healthz_after": self.healthz_after.as_dict() if self.healthz_after else None,
            "healthz_rps": round(self.healthz_rps, 1) if self.healthz_rps else None,
            "runs": [{**run.as_dict(), "ratio": round(self.ratio(run), 3)} for run in self.runs],
            "peak_worker_rss_mb": self.peak_worker_rss_mb,
            "worker_rss_mb": self.worker_rss_mb,
            "server_errors": self.server_errors,
            "static": self.static,
            "mixed": self._mixed_dict(),
        }

    def _mixed_dict(self):
        if not self.mixed_runs:
            return None
        alone = {run.path: run for run in self.runs}
        healthz = self.mixed_healthz.requests_per_second if self.mixed_healthz else None
        rows = []
        for run in self.mixed_runs:
            without = alone.get(run.path)
            rows.append(
                {
                    **run.as_dict(),
                    "ratio_of_healthz": round(run.requests_per_second / healthz, 3) if healthz else None,
                    "ratio_of_healthz_without_writers": round(self.ratio(without), 3) if without else None,
                    "kept": round(run.requests_per_second / without.requests_per_second, 3) if without else None,
                }
            )
        return {
            "healthz": self.mixed_healthz.as_dict() if self.mixed_healthz else None,
            "runs": rows,
            "writes": self.writes,
        }


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return None
    return round(float(match.group(1)) * _UNITS_MS[match.group(2)], 2)


def parse_wrk(path, output):
    """The figures of one `wrk --latency` run."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    if not rps or not total:
        raise ThroughputError(f"wrk gave no result for {path}:\n{output}")
    latency = {}
    distribution = output.split("Latency Distribution", 1)[-1]
    for percent, value in re.findall(r"^\s+(\d+)%\s+(\S+)", distribution, re.MULTILINE):
        latency[f"p{percent}"] = _ms(value)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        path=path,
        requests_per_second=float(rps.group(1)),
        requests=int(total.group(1)),
        latency_ms=latency,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid):
    """Process ids whose parent is `pid` (the gunicorn workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the parent pid follows it.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _status_kb(pid, name):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    """Samples the workers' resident memory every `interval` seconds; keeps each worker's peak."""

    def __init__(self, master_pid, interval=0.25):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.interval = interval
        self.peaks_kb = {}
        self._stop_event = threading.Event()

    def sample(self):
        for pid in _children(self.master_pid):
            for name in ("VmRSS", "VmHWM"):
                value = _status_kb(pid, name)
                if value is not None:
                    self.peaks_kb[pid] = max(self.peaks_kb.get(pid, 0), value)

    def run(self):
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self):
        self._stop_event.set()
        self.join()
        self.sample()


def _wait_until_up(base, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ThroughputError("gunicorn did not start:\n" + Path(log_path).read_text()[-3000:])
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise ThroughputError("gunicorn did not answer /healthz within a minute")


def _static_headers(base, static_root):
    """Headers of a hashed static file, asked for compressed: whitenoise's long cache and encoding."""
    manifest = Path(static_root) / "staticfiles.json"
    if not manifest.exists():
        return {"error": "collectstatic wrote no manifest"}
    paths = json.loads(manifest.read_text())["paths"]
    name = "vendor/bootstrap/bootstrap.min.css"
    hashed = paths.get(name)
    if not hashed:
        return {"error": f"{name} is not in the manifest"}
    url = f"{base}/{settings.STATIC_URL.strip('/')}/{hashed}"
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
        headers = dict(response.headers)
    return {
        "file": name,
        "url": url.replace(base, ""),
        "cache_control": headers.get("Cache-Control", ""),
        "content_encoding": headers.get("Content-Encoding", ""),
        "bytes_sent": len(body),
        "bytes_original": (Path(static_root) / hashed).stat().st_size,
    }


def _server_errors(log_path):
    count = 0
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if re.search(r'"(status|status_code)": 5\d\d', line):
                count += 1
    return count


def run_wrk(wrk, base, path, *, threads, connections, duration):
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    result = parse_wrk(path, output)
    result.duration_s = duration
    result.load_average = tuple(round(value, 2) for value in os.getloadavg())
    return result


class Writers(threading.Thread):
    """Simulated secretaries: every WRITE_INTERVAL_S one of them saves a new draft, saves it
    again (an edit) or submits it for review, in turn, through activities.services (the
    secretary's pages call the same services, so the caching signals fire as in use).
    The activities stay in the benchmark's database, submitted."""

    def __init__(self, usernames, interval=WRITE_INTERVAL_S):
        super().__init__(daemon=True)
        self.usernames = usernames
        self.interval = interval
        self.counts = {"draft saved": 0, "draft edited": 0, "submitted": 0, "refused": 0}
        self._stop_event = threading.Event()
        self._drafts = {}

    def _write(self, step, user, template):
        from activities import services
        from activities.rules import CONTENT_FIELDS

        draft = self._drafts.get(user.pk)
        if draft is None:
            data = {name: getattr(template, name) for name in CONTENT_FIELDS}
            data["title"] = f"基准测试活动 {uuid.uuid4().hex[:6]}"
            self._drafts[user.pk] = services.activity_create(user=user, data=data)
            return "draft saved"
        if step % 3 == 1:
            data = {name: getattr(draft, name) for name in CONTENT_FIELDS}
            data["description"] = draft.description + "（修改）"
            self._drafts[user.pk] = services.activity_update(
                activity=draft, user=user, expected_version=draft.version, data=data
            )
            return "draft edited"
        services.activity_submit(activity=draft, user=user)
        del self._drafts[user.pk]
        return "submitted"

    def run(self):
        from django.contrib.auth import get_user_model
        from django.db import connection

        from activities.models import Activity

        try:
            users = list(get_user_model().objects.filter(username__in=self.usernames))
            templates = {user.pk: Activity.objects.for_secretary(user).order_by("-pk").first() for user in users}
            users = [user for user in users if templates[user.pk] is not None]
            step = 0
            while users and not self._stop_event.wait(self.interval):
                user = users[step % len(users)]
                try:
                    done = self._write(step // len(users), user, templates[user.pk])
                except Exception:  # a refusal or a conflict: counted, the writers go on
                    done = "refused"
                    self._drafts.pop(user.pk, None)
                self.counts[done] += 1
                step += 1
        finally:
            connection.close()

    def stop(self):
        self._stop_event.set()
        self.join()


def measure_throughput(
    *,
    workers=4,
    connections=8,
    threads=2,
    duration=10,
    warmup=2,
    paths=PATHS,
    progress=None,
    keep_logs=None,
    mixed_paths=(),
    writers=("secretary1", "secretary2"),
):
    wrk = shutil.which("wrk")
    if not wrk:
        raise ThroughputError("找不到 wrk：请先安装（Debian/Ubuntu：apt-get install wrk），或加 --skip-throughput。")
    work = Path(tempfile.mkdtemp(prefix="gzpb-bench-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = work / "server.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gzpartybuild.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on the loopback: no redirect to https.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
    result = ThroughputResult(workers=workers, connections=connections, threads=threads, duration_s=duration)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    sampler = None
    try:
        _wait_until_up(base, process, log_path)
        result.static = _static_headers(base, work / "static")
        sampler = MemorySampler(process.pid)
        sampler.start()

        def measure(path):
            if warmup:
                run_wrk(wrk, base, path, threads=threads, connections=connections, duration=warmup)
            run = run_wrk(wrk, base, path, threads=threads, connections=connections, duration=duration)
            if progress:
                progress(run)
            return run

        result.healthz_before = measure("/healthz")
        for path in paths:
            result.runs.append(measure(path))
        result.healthz_after = measure("/healthz")
        if mixed_paths:
            writing = Writers(writers)
            writing.start()
            try:
                result.mixed_healthz = measure("/healthz")
                for path in mixed_paths:
                    result.mixed_runs.append(measure(path))
            finally:
                writing.stop()
            result.writes = dict(writing.counts)
    finally:
        if sampler:
            sampler.stop()
            result.worker_rss_mb = sorted(round(kb / 1024, 1) for kb in sampler.peaks_kb.values())
            result.peak_worker_rss_mb = max(result.worker_rss_mb) if result.worker_rss_mb else None
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        result.server_errors = _server_errors(log_path)
        if keep_logs:
            shutil.copy(log_path, keep_logs)
        shutil.rmtree(work, ignore_errors=True)
    return result
