"""scripts/demo as a newcomer runs it: the port it is told, the accounts and pages it names at
the end, the short log lines of its terminal, a taken port, and its --check mode (CI)."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scripts" / "demo"
PASSWORD = "demo-script-pass-2026"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(folder, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "PORT"}}
    env.update(
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DEMO_PASSWORD=PASSWORD,
        PYTHON=sys.executable,
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """A database already seeded at the smallest scale: scripts/demo then skips the generation
    (seed_demo is idempotent) and the test does not wait for the full demo data."""
    folder = tmp_path_factory.mktemp("demo")
    env = _env(folder)
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--scale", "0.01", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600
        )
    return folder


class Output:
    """A process's output, read as it comes."""

    def __init__(self, process):
        self.lines = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append(line)

    @property
    def text(self):
        return "".join(self.lines)

    def wait_for(self, needle, seconds):
        deadline = time.monotonic() + seconds
        while needle not in self.text:
            assert time.monotonic() < deadline, f"no {needle!r} within {seconds} s in:\n{self.text}"
            time.sleep(0.2)


def test_demo_serves_on_port_and_ends_with_the_accounts_and_pages_to_try(demo_folder):
    port = _free_port()
    process = subprocess.Popen(
        [str(DEMO)],
        cwd=ROOT,
        env=_env(demo_folder, PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # runserver and its reloader child are stopped together below
    )
    output = Output(process)
    try:
        output.wait_for("Press Ctrl+C to stop.", 300)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/organizations/", timeout=30) as response:
            assert response.status == 200
        output.wait_for("GET /organizations/ 200", 30)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    text = output.text
    listing = text[text.index("The demo portal is running") :]
    assert f"http://127.0.0.1:{port}/" in listing
    assert f"密码 password: {PASSWORD}" in listing
    assert re.search(r"bureau +局工作人员 bureau staff +登录 sign in: http://127\.0\.0\.1:\d+/admin/", listing)
    assert re.search(r"secretary1 +党组织书记", listing) and "secretary2" in listing
    assert "尚未创建" not in listing and "密码已改" not in listing
    for page in ("/exhibition/", "/my/", "/admin/reports/"):
        assert f"http://127.0.0.1:{port}{page}" in listing
    # The demo's terminal: short lines, none for static files, no JSON.
    assert not any(line.lstrip().startswith("{") for line in text.splitlines())
    assert "/static/" not in text


def test_check_mode_serves_fetches_and_stops(demo_folder):
    done = subprocess.run(
        [str(DEMO), "--check"], cwd=ROOT, env=_env(demo_folder), capture_output=True, text=True, timeout=600
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "检查通过 / check passed" in done.stdout
    port = re.search(r"scripts/demo --check 通过 passed: http://127\.0\.0\.1:(\d+)/", done.stdout).group(1)
    server = done.stdout[done.stdout.index("The demo server's output") :]
    # The check fetched the home page and its stylesheet: one line for the page, none for the file.
    assert re.search(r"\d\d:\d\d:\d\d  GET / 200  \d+ ms", server)
    assert "/static/" not in server
    assert not any(line.lstrip().startswith("{") for line in server.splitlines())
    # Stopped: nothing listens on its port any more.
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", int(port))) != 0


def test_a_taken_port_is_said_in_chinese_and_english_before_anything_else(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run(
            [str(DEMO)], cwd=ROOT, env=_env(tmp_path, PORT=str(port)), capture_output=True, text=True, timeout=120
        )

    assert done.returncode == 1
    assert f"端口 {port} 已被占用" in done.stderr
    assert f"Port {port} is already in use on 127.0.0.1" in done.stderr
    assert re.search(r"PORT=\d+ scripts/demo", done.stderr)
    assert "Traceback" not in done.stderr
    # Said at once: nothing was installed, migrated or seeded.
    assert done.stdout == "" and not (tmp_path / "db.sqlite3").exists()
    assert time.monotonic() - started < 30


def test_a_port_that_is_not_a_number_is_refused(tmp_path):
    done = subprocess.run(
        [str(DEMO)], cwd=ROOT, env=_env(tmp_path, PORT="eighty"), capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 2
    assert "PORT 应为 1 到 65535 之间的数字" in done.stderr and "PORT must be a number" in done.stderr
