"""The engine's options are a dictionary, pool keys added under a condition, and
the engine is `create_engine(**options)`: the URL is the dictionary's "url"
entry, a SQLite file, and nothing sets the journal mode. The dictionary's own
`connect_args` already carries a timeout, so the fix adds none to the call."""
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool, QueuePool

DB_PATH = os.environ.get("INVENTORY_DB", "inventory.db")
POOLED = os.environ.get("INVENTORY_POOLED", "1") == "1"

engine_options = {
    "url": f"sqlite:///{DB_PATH}",
    "poolclass": QueuePool if POOLED else NullPool,
    "connect_args": {"timeout": 30},
}
if POOLED:
    engine_options["pool_size"] = 5
    engine_options["max_overflow"] = 10

engine = create_engine(**engine_options)
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def get_session():
    with SessionLocal() as session:
        yield session
