"""seed_demo's progress: its stages (and the activities' bar at --scale 2 and more) on a
terminal; nothing of it in a log or a pipe."""

import io

import pytest
from django.core.management import call_command

import devtools.management.commands.seed_demo as seed_demo_command
from tests.helpers.terminal import terminal

pytestmark = pytest.mark.django_db

STAGES = ("演示账号与文章中的具名事实", "社会组织", "党组织", "评星定级与示范点", "结对共建", "活动与照片")


def _seed_on_a_terminal():
    with terminal() as term:
        call_command("seed_demo", scale=0.01, stdout=term.file)
        term.file.flush()
    return term.text


def test_a_terminal_shows_every_stage_ticked_off():
    text = _seed_on_a_terminal()

    for stage in STAGES:
        assert stage in text
    assert text.count("✓") >= len(STAGES)
    # A small run: the stages stay spinners, no bar.
    assert "━" not in text
    assert "演示数据就绪" in text


def test_from_scale_two_on_the_activities_stage_shows_a_bar_with_counts(monkeypatch):
    # The threshold lowered to the test's small scale, so that the bar shows without seeding 40,000 activities.
    monkeypatch.setattr(seed_demo_command, "BAR_FROM_SCALE", 0.01)

    text = _seed_on_a_terminal()

    assert "━" in text
    # 200 activities at 1%, of which the named facts' are not generated.
    assert any(f"{n}/{n}" in text for n in range(150, 201))


def test_without_a_terminal_only_the_totals_are_written():
    out = io.StringIO()
    call_command("seed_demo", scale=0.01, stdout=out)
    text = out.getvalue()

    assert "\x1b" not in text and "✓" not in text
    assert not any(stage in text for stage in ("演示账号与文章中的具名事实", "活动与照片"))
    assert text.startswith("社会组织 ") and "演示数据就绪" in text


def test_a_second_run_says_so_on_a_terminal_too():
    call_command("seed_demo", scale=0.01, stdout=io.StringIO())

    text = _seed_on_a_terminal()

    assert "演示数据已生成过，跳过生成部分" in text
    assert "活动与照片" not in text
