"""
Timing telemetry for the engine's public methods.

Every wrapper swallows its own failures: a telemetry problem must never break
the caller's operation.
"""
import sqlite3
import threading
import time

_conn = sqlite3.connect("metrics.db", check_same_thread=False)
_lock = threading.Lock()


def record(name: str, started: float) -> None:
    try:
        with _lock:
            _conn.execute(
                "INSERT INTO timings (name, ms) VALUES (?, ?)",
                (name, (time.perf_counter() - started) * 1000),
            )
            _conn.commit()
    except Exception:
        pass


def prune(cutoff: float) -> None:
    try:
        _conn.execute("DELETE FROM timings WHERE ts < ?", (cutoff,))
        _conn.commit()
    except sqlite3.Error:
        pass  # best-effort: the next prune removes them
