"""One connection factory serves the request handlers and the start-up
migration. The handlers close their connection only on the success path and
run on a thread pool: a failed write keeps its lock while the other threads
wait, reported once at the factory. The migration runs once, from the
`__main__` guard, before the pool gets work, but the pool is made at import
and the start-up model cannot show that nothing runs on it yet: the
migration's use stays one more site of the same root, not a finding of its
own.
A schema step called per request (`ensure_column` from a handler) is no
migration by its call sites and stays reported."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "app.db"
pool = ThreadPoolExecutor(max_workers=4)


def get_conn():
    return sqlite3.connect(DB, timeout=5)


def migrate():
    conn = get_conn()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 1:
        conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")
    if version < 2:
        conn.execute("ALTER TABLE notes ADD COLUMN author TEXT")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def ensure_column():
    conn = get_conn()
    conn.execute("ALTER TABLE notes ADD COLUMN tags TEXT")
    conn.commit()
    conn.close()


def add_note(body, author):
    ensure_column()
    conn = get_conn()
    conn.execute("INSERT INTO notes (body, author) VALUES (?, ?)", (body, author))
    conn.commit()
    conn.close()


def delete_note(note_id):
    conn = get_conn()
    conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    conn.commit()
    conn.close()


def serve(requests):
    for kind, args in requests:
        pool.submit(add_note if kind == "add" else delete_note, *args)


if __name__ == "__main__":
    migrate()
    serve([("add", ("hello", "me"))])
