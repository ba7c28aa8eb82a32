"""Not shared: the hook's "accessor" opens a new connection on every call
(nothing is kept on `self`), and another one returns a connection from a
`threading.local`, one per thread. Each span's INSERT runs on a connection of
its own thread."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider


class PerCallRecorder(SpanProcessor):
    def __init__(self, path):
        self.path = path

    def _get_connection(self):
        return sqlite3.connect(self.path, timeout=5, check_same_thread=False)

    def on_end(self, span):
        conn = self._get_connection()
        try:
            with conn:
                conn.execute("INSERT INTO spans (name) VALUES (?)", (span.name,))
        finally:
            conn.close()


class PerThreadRecorder(SpanProcessor):
    def __init__(self, path):
        self.path = path
        self.local = threading.local()

    def _get_connection(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = sqlite3.connect(self.path, timeout=5)
        return self.local.conn

    def on_end(self, span):
        conn = self._get_connection()
        with conn:
            conn.execute("INSERT INTO spans (name) VALUES (?)", (span.name,))


provider = TracerProvider()
provider.add_span_processor(PerCallRecorder("spans.db"))
provider.add_span_processor(PerThreadRecorder("spans.db"))
tracer = trace.get_tracer(__name__, tracer_provider=provider)


def work(i):
    with tracer.start_as_current_span(f"item-{i}"):
        return i * i


def main():
    with ThreadPoolExecutor(8) as pool:
        print(sum(pool.map(work, range(100))))
