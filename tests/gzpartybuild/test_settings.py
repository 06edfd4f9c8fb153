import pytest
from django.core.exceptions import ImproperlyConfigured

from gzpartybuild import settings as project_settings


def test_database_url_postgres_parsed():
    db = project_settings.database_from_url("postgres://user:p%40ss@db.local:5433/portal?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "portal",
        "user",
        "p@ss",
        "db.local",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert db["CONN_HEALTH_CHECKS"] is True


def test_database_url_unknown_scheme_refused():
    with pytest.raises(ImproperlyConfigured):
        project_settings.database_from_url("mysql://root@localhost/x")


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("GZPB_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_bool("GZPB_FLAG")
    monkeypatch.setenv("GZPB_FLAG", "TRUE")
    assert project_settings.env_bool("GZPB_FLAG") is True


def test_site_is_chinese_and_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
