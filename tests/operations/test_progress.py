"""Progress of long commands: live stages and bars on a terminal, nothing anywhere else."""

import io

import pytest
from django.core.management.base import OutputWrapper

from operations.progress import NO_PROGRESS, CommandProgress, attached_to_terminal
from tests.helpers.terminal import terminal


def _work(progress):
    with progress.stage("读取数据库"):
        pass
    with progress.stage("写入媒体文件"):
        progress.set_total(40)
        for _ in range(4):
            progress.advance(10)
    progress.print("备份完成")


def test_a_terminal_shows_each_stage_ticked_and_a_bar_with_counts():
    with terminal() as term:
        out = OutputWrapper(term.file)
        assert attached_to_terminal(out)
        with CommandProgress(out) as progress:
            assert progress.enabled
            _work(progress)
        term.file.flush()
    text = term.text

    assert "读取数据库" in text and "写入媒体文件" in text
    assert "40/40" in text and "━" in text
    assert text.count("✓") >= 2
    assert "备份完成" in text


def test_without_counts_a_stage_stays_a_spinner():
    with terminal() as term:
        with CommandProgress(OutputWrapper(term.file), counts=False) as progress:
            _work(progress)
        term.file.flush()
    text = term.text

    assert "写入媒体文件" in text and "✓" in text
    assert "40/40" not in text and "━" not in text


def test_not_a_terminal_shows_nothing_but_the_commands_own_lines():
    stream = io.StringIO()
    with CommandProgress(OutputWrapper(stream)) as progress:
        assert not progress.enabled
        _work(progress)

    assert stream.getvalue() == "备份完成\n"


def test_verbosity_zero_shows_nothing_even_on_a_terminal():
    with terminal() as term:
        with CommandProgress(OutputWrapper(term.file), verbosity=0) as progress:
            assert not progress.enabled
            with progress.stage("读取数据库", total=3):
                progress.advance(3)
        term.file.flush()

    assert term.text == ""


def test_no_progress_runs_the_work_silently():
    with NO_PROGRESS.stage("任何阶段", total=5) as stage:
        stage.advance(5)
    assert not NO_PROGRESS.enabled


def test_a_stage_that_fails_is_not_ticked_off():
    with terminal() as term:
        with CommandProgress(OutputWrapper(term.file)) as progress:
            with pytest.raises(RuntimeError), progress.stage("载入记录"):
                raise RuntimeError("boom")
        term.file.flush()

    assert "载入记录（未完成）" in term.text
    assert "✓" not in term.text
