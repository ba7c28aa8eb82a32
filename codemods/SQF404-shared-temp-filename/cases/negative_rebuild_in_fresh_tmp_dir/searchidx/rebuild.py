"""The same rebuild with a temporary name of its own per run: a folder made
fresh by `mkdtemp` (by the helper or inline), a file from `mkstemp`, or a name
with the pid in it. Two rebuilds at once write two files; whichever move
lands last publishes a complete database."""
import os
import shutil
import sqlite3
import tempfile

from sqlalchemy import create_engine, text

DB_PATH = os.path.expanduser("~/.local/share/searchidx/index.db")


def get_tmp_dir():
    return tempfile.mkdtemp(prefix="searchidx-")


def rebuild(documents):
    tmp_path = os.path.join(get_tmp_dir(), "rebuild.db")
    engine = create_engine(f"sqlite:///{tmp_path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)"))
        for doc in documents:
            conn.execute(text("INSERT INTO docs (body) VALUES (:b)"), {"b": doc})
    engine.dispose()
    shutil.move(tmp_path, DB_PATH)


def rebuild_tags(tags):
    fd, staging = tempfile.mkstemp(dir=os.path.dirname(DB_PATH), suffix=".db")
    os.close(fd)
    conn = sqlite3.connect(staging)
    conn.executemany("INSERT INTO tags VALUES (?)", [(t,) for t in tags])
    conn.commit()
    conn.close()
    os.replace(staging, DB_PATH.replace("index.db", "tags.db"))


def rebuild_words(words):
    staging = os.path.join(tempfile.gettempdir(), f"words-{os.getpid()}.db")
    conn = sqlite3.connect(staging)
    conn.executemany("INSERT INTO words VALUES (?)", [(w,) for w in words])
    conn.commit()
    conn.close()
    os.replace(staging, DB_PATH.replace("index.db", "words.db"))
