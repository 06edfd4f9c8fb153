"""/healthz, the Chinese error pages that leak nothing, and the logs (JSON lines, or short lines in the demo)."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from gzpartybuild.logs import JsonFormatter, PagesOnlyFilter, TextFormatter

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_ok_after_a_database_round_trip(client, django_assert_num_queries):
    with mock.patch.object(connection, "cursor", wraps=connection.cursor) as cursor, django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert cursor.called
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_without_details_when_the_database_is_down(client, caplog):
    failure = OperationalError('connection to server at "10.9.8.7", port 5432 failed: password=s3cret')

    with mock.patch.object(connection, "cursor", side_effect=failure):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"10.9.8.7" not in response.content and b"s3cret" not in response.content
    # The operator finds the cause in the log.
    assert any("10.9.8.7" in (record.exc_text or "") or record.exc_info for record in caplog.records)


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_server_error_shows_a_chinese_page_and_no_traceback(settings):
    settings.ROOT_URLCONF = "tests.helpers.urls_faulty"
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>抱歉，服务器出错了</h1>" in page
    assert "Traceback" not in page and "s3cret" not in page and "RuntimeError" not in page


@pytest.mark.django_db
def test_server_error_is_logged_as_json_with_its_traceback(settings, caplog):
    settings.ROOT_URLCONF = "tests.helpers.urls_faulty"
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        client.get("/broken/")

    error = next(r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR)
    entry = json.loads(JsonFormatter().format(error))
    assert entry["level"] == "ERROR"
    assert entry["status"] == 500
    assert entry["path"] == "/broken/"
    assert entry["exc_type"] == "RuntimeError"
    assert "broken_view" in entry["traceback"]
    request_line = next(r for r in caplog.records if r.name == "gzpartybuild.request")
    request_entry = json.loads(JsonFormatter().format(request_line))
    assert request_entry["status"] == 500 and request_entry["method"] == "GET"
    assert request_entry["duration_ms"] >= 0


@pytest.mark.django_db
def test_bad_host_gets_a_chinese_400_page(client):
    response = client.get("/", HTTP_HOST="intruder.example.com")

    assert response.status_code == 400
    assert "<h1>请求有误</h1>" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_admin_page_gets_a_chinese_403_page(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)

    response = client.get("/admin/auth/group/")

    assert response.status_code == 403
    assert "<h1>无权访问</h1>" in response.content.decode()


@pytest.mark.django_db
def test_missing_csrf_token_gets_a_chinese_403_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "<h1>提交未通过安全校验</h1>" in response.content.decode()


# Requests a person makes in a fresh process: two pages, a stylesheet, a photo, a missing page.
REQUESTS = (
    "from django.test import Client;c = Client();"
    "c.get('/healthz');c.get('/static/css/site.css');c.get('/media/photo.jpg');c.get('/no-such-page/')"
)


def _run_requests(tmp_path, **env_vars):
    """Run REQUESTS in a fresh process with the real LOGGING; returns its stdout lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        DJANGO_ALLOWED_HOSTS="testserver",
        MEDIA_ROOT=str(tmp_path),
        **env_vars,
    )
    # A fresh database with the tables (the photo's URL asks the database whether it is public).
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line.strip()]


def _assert_json_lines(lines):
    entries = [json.loads(line) for line in lines]
    requests = [e for e in entries if e["logger"] == "gzpartybuild.request"]
    assert [(e["path"], e["status"]) for e in requests] == [
        ("/healthz", 200),
        ("/static/css/site.css", 200),
        ("/media/photo.jpg", 404),
        ("/no-such-page/", 404),
    ]
    assert any(e["logger"] == "django.request" and e["level"] == "WARNING" for e in entries)


def test_a_deployment_logs_json_lines(tmp_path):
    """DJANGO_SECRET_KEY set: every request, files included, and every warning as a JSON line."""
    lines = _run_requests(
        tmp_path,
        DJANGO_SECRET_KEY="a-deployment-key-" + "x" * 40,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SERVE_MEDIA="true",
    )

    _assert_json_lines(lines)


def test_the_demo_logs_json_lines_when_asked(tmp_path):
    _assert_json_lines(_run_requests(tmp_path, DJANGO_LOG_FORMAT="json"))


def test_the_demo_logs_one_short_line_per_page_and_none_for_files(tmp_path):
    lines = _run_requests(tmp_path)

    # One line per page, none for the stylesheet or the photo, no second line for the 404.
    assert len(lines) == 2, lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d  GET /healthz 200  \d+ ms", lines[0])
    assert re.fullmatch(r"\d\d:\d\d:\d\d  GET /no-such-page/ 404  \d+ ms", lines[1])
    assert not any(line.lstrip().startswith("{") for line in lines)


def test_an_unknown_log_format_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_LOG_FORMAT"] = "xml"
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode != 0
    assert "DJANGO_LOG_FORMAT must be json or text" in done.stderr


@pytest.mark.django_db
def test_text_format_keeps_a_server_error_with_its_traceback(settings, caplog):
    settings.ROOT_URLCONF = "tests.helpers.urls_faulty"
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        client.get("/broken/")

    kept = [r for r in caplog.records if PagesOnlyFilter().filter(r)]
    text = [TextFormatter().format(r) for r in kept]
    assert any(re.fullmatch(r"\d\d:\d\d:\d\d  GET /broken/ 500  \d+ ms", line) for line in text), text
    error = next(line for line in text if " ERROR django.request: " in line)
    assert "Traceback" in error and "broken_view" in error


def test_text_format_names_the_signed_in_user():
    record = logging.LogRecord("gzpartybuild.request", logging.INFO, __file__, 1, "%s", ("x",), None)
    record.__dict__.update(method="POST", path="/my/activities/new/", status_code=302, duration_ms=41.6, user_id=7)

    line = TextFormatter().format(record)

    assert line.endswith("  POST /my/activities/new/ 302  42 ms  user 7")


@pytest.mark.django_db
def test_request_log_names_the_signed_in_user_without_costing_a_query(client_a, secretary_a, settings, caplog):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("my:dashboard")
    settings.REQUEST_LOG = False
    client_a.get(url)
    with CaptureQueriesContext(connection) as quiet:
        client_a.get(url)
    settings.REQUEST_LOG = True
    with caplog.at_level(logging.INFO, logger="gzpartybuild.request"), CaptureQueriesContext(connection) as logged:
        client_a.get(url)

    assert len(logged) == len(quiet)
    line = next(r for r in caplog.records if r.name == "gzpartybuild.request")
    assert str(line.user_id) == str(secretary_a.pk)
