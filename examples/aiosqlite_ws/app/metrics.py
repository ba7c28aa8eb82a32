"""Instrumentation for load tests: write-unit timing, "database is locked"
counts and event-loop stalls, served by GET /metrics.

This module holds no database code, so rewriting the DB code (moving it to
threads, wrapping connections, moving commits, adding locks or retries) leaves
the measurements in place: timings wrap whole units of write work, including
any wait for a lock, and locked errors are counted wherever they surface.
"""

import asyncio
import contextvars
import functools
import inspect
import json
import logging
import os
import threading
import time

LOCKED_TEXT = "database is locked"

_lock = threading.Lock()
_write_ms: dict[str, list[float]] = {}
_write_failures = 0
_locked_errors = 0
_loop = {
    "max_stall_ms": 0.0,
    "max_stall_at_s": None,
    "stalls_over_100ms": 0,
    "stalled_ms_total": 0.0,
    "beats": 0,
}
_started = [time.monotonic()]
_last_beat = [time.monotonic()]
_stop = threading.Event()

# Only the outermost unit is timed, so a unit calling another is not counted twice.
_depth = contextvars.ContextVar("docproc_write_depth", default=0)


def _is_sqlite_error(exc):
    return type(exc).__module__ == "sqlite3" and LOCKED_TEXT in str(exc)


def note_exception(exc):
    """Counts each locked error once, however many places see it (unit, log, hook)."""
    global _locked_errors
    hops = 0
    while exc is not None and hops < 10:
        if _is_sqlite_error(exc) and not getattr(exc, "_docproc_counted", False):
            exc._docproc_counted = True
            with _lock:
                _locked_errors += 1
        exc = exc.__cause__ or exc.__context__
        hops += 1


def _record(name, started, failed):
    global _write_failures
    ms = (time.perf_counter() - started) * 1000.0
    with _lock:
        _write_ms.setdefault(name, []).append(ms)
        if failed:
            _write_failures += 1


class write_unit:
    """Times one unit of write work, as `@write_unit("name")` on a sync or async
    function or as `with write_unit("name"):` around a block."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self._token = _depth.set(_depth.get() + 1)
        self._started = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        outermost = _depth.get() == 1
        _depth.reset(self._token)
        if exc is not None:
            note_exception(exc)
        if outermost:
            _record(self.name, self._started, exc is not None)
        return False

    def __call__(self, func):
        name = self.name
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                with write_unit(name):
                    return await func(*args, **kwargs)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with write_unit(name):
                return func(*args, **kwargs)

        return wrapper


class _LockedErrorLogCounter(logging.Handler):
    """Catches locked errors that code logs and carries on from, and the ones
    that escape to Uvicorn's or asyncio's error log."""

    def emit(self, record):
        found = False
        candidates = []
        if record.exc_info and record.exc_info[1] is not None:
            candidates.append(record.exc_info[1])
        if isinstance(record.args, tuple):
            candidates.extend(a for a in record.args if isinstance(a, BaseException))
        for exc in candidates:
            found = True
            note_exception(exc)
        if not found and LOCKED_TEXT in str(record.msg):
            global _locked_errors
            with _lock:
                _locked_errors += 1


def _install_hooks():
    if any(isinstance(h, _LockedErrorLogCounter) for h in logging.getLogger().handlers):
        return
    handler = _LockedErrorLogCounter(level=logging.DEBUG)
    # "uvicorn" does not propagate to the root logger, so it needs its own handler.
    for name in ("", "uvicorn"):
        logging.getLogger(name).addHandler(handler)
    previous = threading.excepthook

    def excepthook(args):
        note_exception(args.exc_value)
        previous(args)

    threading.excepthook = excepthook


async def _heartbeat(interval):
    # Runs for the server's lifetime; the app cancels it at shutdown.
    expected = time.monotonic() + interval
    while True:
        await asyncio.sleep(interval)
        now = time.monotonic()
        _last_beat[0] = now
        _note_lag((now - expected) * 1000.0)
        expected = now + interval


def _note_lag(lag_ms, ongoing=False):
    with _lock:
        if not ongoing:
            _loop["beats"] += 1
        if lag_ms > _loop["max_stall_ms"]:
            _loop["max_stall_ms"] = lag_ms
            _loop["max_stall_at_s"] = round(time.monotonic() - _started[0], 2)
        if lag_ms > 100.0 and not ongoing:
            _loop["stalls_over_100ms"] += 1
            _loop["stalled_ms_total"] += lag_ms


def _watch(interval, path):
    """A thread that sees a stall while it lasts (a loop blocked for good never
    beats again) and, when DOCPROC_METRICS_FILE is set, keeps a copy of the
    snapshot there for when GET /metrics cannot answer."""
    for _ in range(10**9):
        if _stop.wait(0.25):
            break
        _note_lag((time.monotonic() - _last_beat[0] - interval) * 1000.0, ongoing=True)
        if path:
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "w") as f:
                json.dump(snapshot(), f)
            os.replace(tmp, path)


def start_monitoring(interval=0.01):
    """Call at app startup, after logging is configured; pass the returned task
    to stop_monitoring at shutdown."""
    _install_hooks()
    _started[0] = _last_beat[0] = time.monotonic()
    _stop.clear()
    path = os.environ.get("DOCPROC_METRICS_FILE")
    threading.Thread(
        target=_watch, args=(interval, path), name="metrics-watch", daemon=True
    ).start()
    return asyncio.get_running_loop().create_task(_heartbeat(interval))


def stop_monitoring(task):
    task.cancel()
    _stop.set()


def _pct(sorted_ms, p):
    if not sorted_ms:
        return None
    k = min(len(sorted_ms) - 1, max(0, round(p / 100.0 * len(sorted_ms) + 0.5) - 1))
    return round(sorted_ms[k], 2)


def _summary(values):
    values = sorted(values)
    return {
        "count": len(values),
        "p50_ms": _pct(values, 50),
        "p99_ms": _pct(values, 99),
        "max_ms": round(values[-1], 2) if values else None,
    }


def snapshot():
    with _lock:
        by_unit = {name: list(v) for name, v in _write_ms.items()}
        loop = dict(_loop)
        locked, failures = _locked_errors, _write_failures
    every = [ms for v in by_unit.values() for ms in v]
    loop["max_stall_ms"] = round(loop["max_stall_ms"], 2)
    loop["stalled_ms_total"] = round(loop["stalled_ms_total"], 2)
    return {
        "locked_errors": locked,
        "write": dict(_summary(every), failures=failures),
        "write_by_unit": {name: _summary(v) for name, v in sorted(by_unit.items())},
        "event_loop": loop,
    }
