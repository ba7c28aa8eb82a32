"""A tracing hook reaches its connection through an accessor method that opens
it on first use and returns the one kept on `self` (`conn =
self._get_connection()`). The accessor hands every caller the same
check_same_thread=False connection, so `on_end`, which the SDK runs on whichever
thread ends a span, interleaves the pool threads' transactions on it."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider


class SpanRecorder(SpanProcessor):
    def __init__(self, path):
        self.path = path
        self.conn = None

    def _get_connection(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        return self.conn

    def on_end(self, span):
        conn = self._get_connection()
        cursor = conn.cursor()
        cursor.execute("INSERT INTO spans (name) VALUES (?)", (span.name,))
        cursor.execute("UPDATE totals SET n = n + 1")
        conn.commit()
        cursor.close()


provider = TracerProvider()
provider.add_span_processor(SpanRecorder("spans.db"))
tracer = trace.get_tracer(__name__, tracer_provider=provider)


def work(i):
    with tracer.start_as_current_span(f"item-{i}"):
        return i * i


def main():
    with ThreadPoolExecutor(8) as pool:
        print(sum(pool.map(work, range(100))))
