"""A pseudo-terminal for tests of what long commands show a person at a terminal."""

import contextlib
import os
import pty
import threading


class Terminal:
    """A pty: `file` is its terminal end (isatty() is true), `text` what was written to it."""

    def __init__(self):
        self._master, slave = pty.openpty()
        self.file = os.fdopen(slave, "w", encoding="utf-8", buffering=1)
        self._chunks = []
        # Drained all along: a full pty buffer would block the writer.
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # the terminal end is closed
                return
            if not data:
                return
            self._chunks.append(data)

    def close(self):
        self.file.close()
        self._reader.join(timeout=5)
        os.close(self._master)

    @property
    def text(self):
        return b"".join(self._chunks).decode("utf-8", "replace")


@contextlib.contextmanager
def terminal():
    term = Terminal()
    try:
        yield term
    finally:
        term.close()
