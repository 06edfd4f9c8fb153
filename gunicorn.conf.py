"""gunicorn settings for gzpartybuild, every value from the environment.

    gunicorn -c gunicorn.conf.py gzpartybuild.wsgi

App servers keep no local state (sessions and lockout counters in the database, cache
in Redis when REDIS_URL is set, media in the media storage), so several can run behind
one nginx. docs/DEPLOY.md explains every variable.
"""

import datetime
import json
import multiprocessing
import os

from gunicorn.glogging import Logger


def _int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from exc


wsgi_app = "gzpartybuild.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so that a slow leak never grows; not too often, since a new
# worker starts with an empty cache (figures and pages; see docs/PERFORMANCE.md).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)
# Addresses of the proxies whose X-Forwarded-* headers gunicorn believes.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


class JsonAccessLogger(Logger):
    """The access log as JSON lines, like the application's own log (values escaped)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": atoms["m"],
            # An answer gunicorn writes itself (a worker timed out) has no PATH_INFO: use the request's.
            "path": atoms["U"] or getattr(req, "path", None),
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "client_ip": atoms["h"],
            "request_id": atoms.get("{x-request-id}i", ""),
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


# Logs on stdout/stderr.
logger_class = JsonAccessLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def pre_request(worker, req):
    # Remembered so that a worker killed for taking too long can say what it was serving.
    worker.gzpb_current_request = (req.method, req.path)


def worker_abort(worker):
    """A worker past GUNICORN_TIMEOUT: log which request it was serving, as JSON like the rest."""
    method, path = getattr(worker, "gzpb_current_request", (None, None))
    entry = {
        "time": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="milliseconds"),
        "level": "ERROR",
        "logger": "gunicorn.error",
        "message": "worker timed out",
        "method": method,
        "path": path,
        "pid": worker.pid,
    }
    worker.log.error(json.dumps(entry, ensure_ascii=False))
