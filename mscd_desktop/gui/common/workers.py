"""Run long work off the GUI thread and get the result back on it.

``run_task(fn, on_done=..., on_error=..., on_progress=...)`` calls
``fn(progress, is_cancelled)`` on Qt's thread pool. ``progress(done, total, text="")``
may be called from the worker as often as it likes; the callbacks run on the GUI thread.
Never touch a widget from ``fn``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class TaskHandle(QObject):
    """A running task: ``cancel()`` asks it to stop; ``done`` tells whether it ended."""

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.done = False
        self.signals = _Signals()

    def cancel(self) -> None:
        """Ask the task to stop at its next ``is_cancelled()`` check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], handle: TaskHandle) -> None:
        super().__init__()
        self.fn = fn
        self.handle = handle

    @Slot()
    def run(self) -> None:
        signals = self.handle.signals

        def progress(done: int, total: int, text: str = "") -> None:
            signals.progressed.emit(int(done), int(total), text)

        try:
            result = self.fn(progress, self.handle.is_cancelled)
        except BaseException as exc:  # delivered to on_error on the GUI thread
            signals.failed.emit(exc)
        else:
            signals.finished.emit(result)


_running: set[TaskHandle] = set()


def run_task(
    fn: Callable[[Callable[..., None], Callable[[], bool]], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> TaskHandle:
    """Start *fn* on the thread pool; callbacks arrive on the GUI thread."""
    handle = TaskHandle()
    _running.add(handle)

    def finish(callback: Callable | None, value: Any) -> None:
        handle.done = True
        _running.discard(handle)
        if callback is not None:
            callback(value)

    handle.signals.finished.connect(lambda result: finish(on_done, result))
    handle.signals.failed.connect(lambda exc: finish(on_error, exc))
    if on_progress is not None:
        handle.signals.progressed.connect(on_progress)
    QThreadPool.globalInstance().start(_Runnable(fn, handle))
    return handle


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Block until every task finished (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
