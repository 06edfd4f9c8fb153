"""Progress of long commands (seed_demo, bench, backup, restore) for a person at a terminal.

Each stage of the work shows a line with a spinner and its time, and a bar with counts and
the time left where the amount of work is known; a finished stage keeps its line, ticked.
Where the output is not a terminal (CI logs, a pipe, a file, a test's StringIO) or at
verbosity 0, nothing of it is written: only the command's own messages remain.

    with CommandProgress(self.stdout, verbosity=options["verbosity"]) as progress:
        with progress.stage("载入记录"):
            progress.set_total(len(rows))
            for chunk in chunks:
                ...
                progress.advance(len(chunk))
        progress.print("完成")  # above the live lines on a terminal, plain elsewhere

Functions that do the work take a `progress` argument defaulting to NO_PROGRESS, so that
they run the same with or without a terminal.
"""

import contextlib

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text


def _unwrapped(stream):
    """The file under Django's OutputWrapper (a command called with another's self.stdout wraps twice)."""
    while hasattr(stream, "_out"):
        stream = stream._out
    return stream


def attached_to_terminal(stream):
    """Whether `stream` (or the file a Django OutputWrapper wraps) is a terminal."""
    stream = _unwrapped(stream)
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


class _WhenCounted(ProgressColumn):
    """A column shown only for stages whose amount of work is known (the others stay a spinner)."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def render(self, task):
        return self.column.render(task) if task.fields.get("counted") else Text("")


class NoProgress:
    """Progress that shows nothing: the default of the functions doing the work."""

    enabled = False

    @contextlib.contextmanager
    def stage(self, description, total=None):
        yield self

    def set_total(self, total):
        pass

    def advance(self, amount=1):
        pass


NO_PROGRESS = NoProgress()


class CommandProgress(NoProgress):
    """Live progress lines on the command's terminal; NoProgress anywhere else.

    `counts=False` keeps every stage a spinner (no bar) even where the work is counted,
    for runs too short for a bar to say anything.
    """

    def __init__(self, stream, *, verbosity=1, counts=True):
        self.stream = stream
        self.counts = counts
        self.enabled = verbosity >= 1 and attached_to_terminal(stream)
        self._live = None
        self._task = None

    def __enter__(self):
        if self.enabled:
            console = Console(file=_unwrapped(self.stream))
            self._live = Progress(
                SpinnerColumn(finished_text="[green]✓[/]"),
                TextColumn("{task.description}", table_column=Column(no_wrap=True)),
                _WhenCounted(BarColumn(bar_width=30)),
                _WhenCounted(MofNCompleteColumn()),
                TimeElapsedColumn(),
                _WhenCounted(TimeRemainingColumn()),
                console=console,
                refresh_per_second=5,
            )
            self._live.start()
        return self

    def __exit__(self, *exc):
        if self._live is not None:
            self._live.stop()
            self._live = None
        return False

    @contextlib.contextmanager
    def stage(self, description, total=None):
        if self._live is None:
            yield self
            return
        previous = self._task
        self._task = self._live.add_task(description, total=None, counted=False)
        if total is not None:
            self.set_total(total)
        try:
            yield self
        except BaseException:
            # Left unticked, marked unfinished; the command says what went wrong.
            self._live.update(self._task, description=f"{description}（未完成）")
            raise
        else:
            task = next(t for t in self._live.tasks if t.id == self._task)
            done = task.total if task.total is not None else 1
            self._live.update(self._task, total=done, completed=done)
        finally:
            self._task = previous

    def set_total(self, total):
        if self._live is not None and self._task is not None and self.counts:
            self._live.update(self._task, total=total, counted=True)

    def advance(self, amount=1):
        if self._live is not None and self._task is not None:
            self._live.advance(self._task, amount)

    def print(self, message):
        """A line of the command's own output: above the live lines on a terminal."""
        if self._live is not None:
            self._live.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(message)
