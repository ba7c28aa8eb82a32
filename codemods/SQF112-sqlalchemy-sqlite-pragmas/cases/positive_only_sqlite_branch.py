"""One engine per branch of a URL test. Only the one in the SQLite branch is
reported (it runs beside worker threads with no WAL listener); the pooled
engine in the `else` branch is built only for MySQL or PostgreSQL."""
import os
import threading

from sqlalchemy import create_engine, text

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///usage.db")

if not DATABASE_URL.startswith("sqlite"):
    engine = create_engine(DATABASE_URL, pool_size=10, max_overflow=30)
else:
    engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})


def record_usage(node, amount):
    with engine.begin() as conn:
        conn.execute(text("UPDATE nodes SET used = used + :a WHERE id = :n"), {"a": amount, "n": node})


def start_collector():
    threading.Thread(target=record_usage, args=(1, 10), daemon=True).start()
