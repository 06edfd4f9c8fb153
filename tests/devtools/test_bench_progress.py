"""manage.py bench on a terminal: seeding's stages and a bar over the timed pages; plain lines in a log."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.helpers.terminal import terminal

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="manage.py bench runs on PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

OPTIONS = {"scale": 0.01, "repeat": 1, "compare_scale": 0, "skip_throughput": True, "no_write": True}


def test_on_a_terminal_the_seeding_and_the_page_timing_show_progress():
    with terminal() as term:
        call_command("bench", stdout=term.file, **OPTIONS)
        term.file.flush()
    text = term.text

    assert "活动与照片" in text  # seed_demo's stages
    assert "页面计时" in text and "━" in text
    pages = text.count("查询 ")
    assert pages >= 10 and f"{pages}/{pages}" in text
    assert "== 页面计时" in text


def test_in_a_log_only_the_plain_lines_are_written():
    out = io.StringIO()

    call_command("bench", stdout=out, **OPTIONS)

    text = out.getvalue()
    assert "\x1b" not in text and "━" not in text and "✓" not in text
    assert "== 页面计时" in text and "查询 " in text
