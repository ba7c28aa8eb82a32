"""StaticPool is SQLAlchemy's recipe for an in-memory database shared by
threads, where one connection is the whole database: not reported. Nor is an
engine on another database."""
import threading

from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

memory = create_engine(
    "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
)
named_memory = create_engine("sqlite:///:memory:", poolclass=StaticPool)
server = create_engine("postgresql://app@db/app", poolclass=StaticPool)


def worker():
    with memory.connect() as conn:
        conn.execute(text("SELECT 1"))


threading.Thread(target=worker).start()
