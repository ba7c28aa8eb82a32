"""A span processor opens its connection lazily with check_same_thread=False and
writes in `on_end`, with no lock. The tracing SDK calls `on_end` on whichever
thread ends the span, and this program ends spans on a thread pool: the
threads' transactions interleave on the one connection."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider


class SqliteSpanProcessor(SpanProcessor):
    def __init__(self, path):
        self.path = path
        self.conn = None

    def _ensure(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)

    def on_end(self, span):
        self._ensure()
        self.conn.execute("INSERT INTO spans (name) VALUES (?)", (span.name,))
        self.conn.commit()


provider = TracerProvider()
provider.add_span_processor(SqliteSpanProcessor("spans.db"))
tracer = trace.get_tracer(__name__, tracer_provider=provider)


def work(i):
    with tracer.start_as_current_span(f"item-{i}"):
        return i * i


def main():
    with ThreadPoolExecutor(8) as pool:
        print(sum(pool.map(work, range(100))))


if __name__ == "__main__":
    main()
