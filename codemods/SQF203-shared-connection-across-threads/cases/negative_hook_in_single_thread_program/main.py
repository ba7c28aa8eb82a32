from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from trace_db import SqliteSpanProcessor

provider = TracerProvider()
provider.add_span_processor(SqliteSpanProcessor("spans.db"))
tracer = trace.get_tracer(__name__, tracer_provider=provider)


def main():
    for i in range(10):
        with tracer.start_as_current_span(f"item-{i}"):
            print(i)


if __name__ == "__main__":
    main()
