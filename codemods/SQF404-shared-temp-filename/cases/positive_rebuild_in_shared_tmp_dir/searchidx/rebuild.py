"""Rebuild the search database from scratch and swap it in: the new database
is written under a fixed name in the temporary folder the helper returns (the
system's, shared by every process) and moved over the live file at the end.
The nightly job and the command a person runs both rebuild: two at once write
into the same `rebuild.db`, and the first move publishes the other's
half-built database."""
import os
import shutil
import sqlite3
import tempfile

from sqlalchemy import create_engine, text

DB_PATH = os.path.expanduser("~/.local/share/searchidx/index.db")


def get_tmp_dir():
    return tempfile.gettempdir()


def rebuild(documents):
    tmp_path = os.path.join(get_tmp_dir(), "rebuild.db")
    if os.path.exists(tmp_path):
        os.remove(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)"))
        for doc in documents:
            conn.execute(text("INSERT INTO docs (body) VALUES (:b)"), {"b": doc})
    engine.dispose()
    shutil.move(tmp_path, DB_PATH)


def rebuild_tags(tags):
    staging = os.path.join(tempfile.gettempdir(), "tags-rebuild.sqlite")
    conn = sqlite3.connect(staging)
    conn.executemany("INSERT INTO tags VALUES (?)", [(t,) for t in tags])
    conn.commit()
    conn.close()
    os.replace(staging, DB_PATH.replace("index.db", "tags.db"))
