"""A package's engine whose driver already waits 500 s for a lock. Nothing in the
package starts a thread, pool or process, so no writer in view holds the file
that long; the WAL and busy-timeout advice is left out. A package that starts
writer threads keeps it whatever the wait."""
from sqlalchemy import create_engine, text

engine = create_engine(
    "sqlite:///ledger.db",
    connect_args={"timeout": 500},
)


def record(amount):
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO entries (amount) VALUES (:a)"), {"a": amount})
