"""A service with a writer thread checks a database file an administrator
uploads before importing it. The probe only reads (`PRAGMA integrity_check`, a
`SELECT` from `sqlite_master`) and closes on success; an exception skips the
close, but a connection that only read began no transaction, so what it leaves
behind is one file descriptor per failed upload, not a lock the writer waits on."""
import contextlib
import sqlite3
import threading
import time

DB = "app.db"


def looks_like_export(path):
    conn = sqlite3.connect(path, timeout=20)
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    return ok and "sessions" in names


def record_heartbeat():
    while True:
        with contextlib.closing(sqlite3.connect(DB)) as db, db:
            db.execute("INSERT INTO beats (at) VALUES (?)", (time.time(),))
        time.sleep(30)


def handle_upload(path):
    if not looks_like_export(path):
        return "not an export"
    return "queued"


threading.Thread(target=record_heartbeat, daemon=True).start()
