"""Production settings come from the same file, chosen by the environment."""

import json
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "partybuild.example.gov.cn",
}


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in {"REDIS_URL"}}
    env.update(extra)
    return env


def production_env(**extra):
    return clean_env(**{**PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **extra})


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def read_settings(env, *names):
    code = (
        "import json; from django.conf import settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    done = run_manage("shell", "--verbosity", "0", "-c", code, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_production_environment():
    done = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_flags_the_embedded_demo():
    done = run_manage("check", "--deploy", "--fail-level", "WARNING", env=clean_env(**PRODUCTION))

    assert done.returncode != 0
    assert "security.W009" in done.stderr  # the built-in demo key


def test_deployment_defaults_to_https_everything():
    values = read_settings(
        production_env(),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "DEBUG",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": None,
        "DEBUG": False,
    }


def test_embedded_demo_serves_plain_http():
    values = read_settings(clean_env(), "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "EMBEDDED_DEMO")

    assert values == {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "EMBEDDED_DEMO": True}


def test_proxy_and_https_switches_come_from_the_environment():
    env = production_env(
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="off",
        DJANGO_PROXY_COUNT="1",
    )

    values = read_settings(
        env, "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "PROXY_COUNT"
    )

    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "PROXY_COUNT": 1,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SECURE_COOKIES", "maybe"),
        ("DJANGO_SESSION_IDLE_SECONDS", "eight hours"),
        ("DJANGO_MEDIA_STORAGE_OPTIONS", "{not json"),
        ("DJANGO_SECRET_KEY", "change-me-to-a-long-random-string"),
    ],
)
def test_nonsense_in_the_environment_is_refused(name, value):
    done = run_manage("check", env=production_env(**{name: value}))

    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert name in done.stderr


def test_redis_url_switches_cache_and_sessions_to_redis():
    """With REDIS_URL (a Redis server runs on 127.0.0.1:6379), app servers share cache and sessions."""
    prefix = f"gzpb-test-{uuid.uuid4().hex[:8]}"
    env = clean_env(REDIS_URL="redis://127.0.0.1:6379/15", DJANGO_CACHE_KEY_PREFIX=prefix)
    code = (
        "import json; from django.conf import settings; from django.core.cache import cache;"
        "import redis; cache.set('figure', 8095, 30);"
        "server = redis.Redis.from_url(settings.CACHES['default']['LOCATION']);"
        "keys = [k.decode() for k in server.keys('*figure*')]; cache.delete('figure');"
        "print(json.dumps({'backend': settings.CACHES['default']['BACKEND'],"
        " 'engine': settings.SESSION_ENGINE, 'keys': keys}))"
    )

    done = run_manage("shell", "--verbosity", "0", "-c", code, env=env)

    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout.strip().splitlines()[-1])
    assert values["backend"] == "django.core.cache.backends.redis.RedisCache"
    assert values["engine"] == "django.contrib.sessions.backends.cached_db"
    # The value went to the Redis server itself, not to a process-local cache.
    assert any(key.startswith(prefix) for key in values["keys"])


def test_without_redis_url_each_process_keeps_a_local_cache():
    values = read_settings(clean_env(), "CACHES", "SESSION_ENGINE")

    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def _variables_read_by(path):
    import re

    text = (ROOT / path).read_text(encoding="utf-8")
    return set(re.findall(r'(?:env_\w+|_int|os\.environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"', text))


def test_every_environment_variable_is_documented_and_in_the_example():
    variables = _variables_read_by("gzpartybuild/settings.py") | _variables_read_by("gunicorn.conf.py")
    deploy_doc = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")

    assert {"DJANGO_SECRET_KEY", "REDIS_URL", "GUNICORN_WORKERS", "DJANGO_SECURE_COOKIES"} <= variables
    assert sorted(v for v in variables if f"`{v}`" not in deploy_doc) == []
    assert sorted(v for v in variables if f"\n{v}=" not in example) == []


def test_gunicorn_config_is_valid_and_reads_the_environment():
    env = clean_env(GUNICORN_BIND="127.0.0.1:8123", GUNICORN_WORKERS="3")
    code = (
        "import runpy, json; c = runpy.run_path('gunicorn.conf.py');"
        "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'accesslog', 'errorlog')}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"bind": ["127.0.0.1:8123"], "workers": 3, "accesslog": "-", "errorlog": "-"}
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "--check-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr


def test_a_deployment_has_no_demo_commands(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}")

    done = run_manage("seed_demo", env=env)

    assert done.returncode != 0
    assert "Unknown command: 'seed_demo'" in done.stderr
    assert "devtools" not in read_settings(env, "INSTALLED_APPS")["INSTALLED_APPS"]


def test_seed_demo_refuses_a_deployment_even_when_the_devtools_are_enabled(tmp_path):
    database = tmp_path / "deploy.sqlite3"
    env = production_env(DATABASE_URL=f"sqlite:///{database}", DJANGO_DEVTOOLS="true")
    assert run_manage("migrate", "-v0", env=env).returncode == 0

    done = run_manage("seed_demo", "--scale", "0.01", env=env)

    assert done.returncode != 0
    assert "拒绝执行：当前为正式部署配置" in done.stderr
    count = "from django.contrib.auth.models import User; print(User.objects.count())"
    users = run_manage("shell", "-c", count, env=env)
    assert users.stdout.strip().splitlines()[-1] == "0"  # no demo account was created


def test_a_deployment_leaves_media_to_nginx_unless_told_otherwise():
    assert read_settings(production_env(), "SERVE_MEDIA") == {"SERVE_MEDIA": False}
    assert read_settings(production_env(DJANGO_SERVE_MEDIA="true"), "SERVE_MEDIA") == {"SERVE_MEDIA": True}
    assert read_settings(clean_env(), "SERVE_MEDIA") == {"SERVE_MEDIA": True}


def test_a_worker_timeout_is_logged_with_the_path_it_was_serving():
    import datetime
    import runpy
    from types import SimpleNamespace

    from gunicorn.config import Config

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    req = SimpleNamespace(
        method="POST", path="/my/activities/new/", headers=[], version=(1, 1), uri="/my/activities/new/"
    )
    resp = SimpleNamespace(status="500 Internal Server Error", headers=[], sent=21, response_length=21)
    records = []
    config = Config()
    config.set("accesslog", "-")
    logger = conf["JsonAccessLogger"](config)
    logger.access_log = SimpleNamespace(info=records.append)
    # What gunicorn's own error answer passes: an environ without PATH_INFO.
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": "/my/activities/new/", "SERVER_PROTOCOL": "HTTP/1.1"}
    logger.access(resp, req, environ, datetime.timedelta(seconds=31))

    assert json.loads(records[0])["path"] == "/my/activities/new/"

    errors = []
    worker = SimpleNamespace(pid=4242, log=SimpleNamespace(error=errors.append))
    conf["pre_request"](worker, req)
    conf["worker_abort"](worker)
    entry = json.loads(errors[0])
    assert (entry["message"], entry["method"], entry["path"]) == ("worker timed out", "POST", "/my/activities/new/")
