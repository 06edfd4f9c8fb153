"""/healthz, the Chinese error pages that leak nothing, and the JSON logs."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from gzpartybuild.logs import JsonFormatter

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


def test_logs_reach_stdout_as_json_lines(tmp_path):
    """In a fresh process with the real LOGGING: requests and warnings are JSON lines on stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", DJANGO_ALLOWED_HOSTS="testserver")
    code = "from django.test import Client;c = Client();c.get('/healthz');c.get('/no-such-page/')"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    entries = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    requests = [e for e in entries if e["logger"] == "gzpartybuild.request"]
    assert [(e["path"], e["status"]) for e in requests] == [("/healthz", 200), ("/no-such-page/", 404)]
    assert any(e["logger"] == "django.request" and e["level"] == "WARNING" for e in entries)


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
