"""Server bootstrap for the load test: times every event-loop callback, then runs
Uvicorn (arguments as for `python -m uvicorn`).

The loop measure lives here, not in the app, so rewriting the app cannot remove
or weaken it. It wraps `asyncio.events.Handle._run`, the method every callback
and task step goes through (the same place asyncio's debug mode times its
"slow callback" warning), and keeps the longest run. A thread also sees a
callback that is still running (a loop blocked for good never returns from it)
and writes the numbers to LOAD_LOOP_FILE every 0.25 s and at exit.
"""

import asyncio.events
import json
import os
import sys
import threading
import time

import uvicorn

SLOW_MS = 100.0
_lock = threading.Lock()
_stats = {"max_callback_ms": 0.0, "callbacks": 0, "callbacks_over_100ms": 0}
_running = {}  # thread id -> start time of the callback it is running now
_original_run = asyncio.events.Handle._run


def _timed_run(self):
    tid = threading.get_ident()
    started = time.perf_counter()
    _running[tid] = started
    try:
        return _original_run(self)
    finally:
        _running.pop(tid, None)
        ms = (time.perf_counter() - started) * 1000.0
        with _lock:
            _stats["callbacks"] += 1
            _stats["max_callback_ms"] = max(_stats["max_callback_ms"], ms)
            if ms > SLOW_MS:
                _stats["callbacks_over_100ms"] += 1


def _snapshot():
    now = time.perf_counter()
    with _lock:
        out = dict(_stats)
    ongoing = max((now - t for t in list(_running.values())), default=0.0) * 1000.0
    out["max_callback_ms"] = round(max(out["max_callback_ms"], ongoing), 2)
    return out


def _write(path):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        json.dump(_snapshot(), f)
    os.replace(tmp, path)


def _watch(path, stop):
    while not stop.wait(0.25):
        _write(path)


def main():
    path = os.environ["LOAD_LOOP_FILE"]
    asyncio.events.Handle._run = _timed_run
    stop = threading.Event()
    threading.Thread(target=_watch, args=(path, stop), daemon=True).start()
    sys.argv = ["uvicorn", *sys.argv[1:]]
    try:
        uvicorn.main()
    finally:
        stop.set()
        _write(path)


if __name__ == "__main__":
    main()
