"""The engine is built inside an initializer, from a path, and kept in a global."""
import threading
import time

from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

engine = None


def init_db(path):
    global engine
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
        poolclass=StaticPool,
    )


def probe():
    while True:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO probes VALUES (1)"))
        time.sleep(5)


def main():
    init_db("data/app.db")
    threading.Thread(target=probe, daemon=True).start()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO runs VALUES (1)"))
