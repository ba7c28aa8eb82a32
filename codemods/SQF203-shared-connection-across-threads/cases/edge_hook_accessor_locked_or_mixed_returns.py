"""Edges of the accessor. `LockedRecorder` reaches its kept connection through
the accessor too, but holds one lock around every use: the threads take turns,
nothing to report. `MixedRecorder`'s method returns the kept connection on one
path and a fresh one on another: it is no accessor of the kept connection, so
its callers' uses are not counted as uses of `self.conn`."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider


class LockedRecorder(SpanProcessor):
    def __init__(self, path):
        self.path = path
        self.conn = None
        self.lock = threading.Lock()

    def _get_connection(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        return self.conn

    def on_end(self, span):
        with self.lock:
            conn = self._get_connection()
            conn.execute("INSERT INTO spans (name) VALUES (?)", (span.name,))
            conn.commit()


class MixedRecorder(SpanProcessor):
    def __init__(self, path, keep):
        self.path = path
        self.keep = keep
        self.conn = None

    def _get_connection(self):
        if not self.keep:
            return sqlite3.connect(self.path, timeout=5)
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        return self.conn

    def on_end(self, span):
        conn = self._get_connection()
        conn.execute("INSERT INTO spans (name) VALUES (?)", (span.name,))
        conn.commit()


provider = TracerProvider()
provider.add_span_processor(LockedRecorder("spans.db"))
provider.add_span_processor(MixedRecorder("spans.db", keep=False))
tracer = trace.get_tracer(__name__, tracer_provider=provider)


def work(i):
    with tracer.start_as_current_span(f"item-{i}"):
        return i * i


def main():
    with ThreadPoolExecutor(8) as pool:
        print(sum(pool.map(work, range(100))))
