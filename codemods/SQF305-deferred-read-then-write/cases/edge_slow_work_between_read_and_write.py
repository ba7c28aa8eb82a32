"""Read-then-write transactions with slow work between the read and the write.
Taking the write lock before the read would hold it through that work (every
other writer waits and fails after the busy timeout), so the fix is refused
with the reason; without slow work in between it is applied."""
import os
import sqlite3
import threading
import time

DB = "files.db"


def purge(owner):
    conn = sqlite3.connect(DB, timeout=5.0)
    rows = conn.execute("SELECT path FROM files WHERE owner = ?", (owner,)).fetchall()
    for (path,) in rows:
        os.remove(path)
    conn.execute("DELETE FROM files WHERE owner = ? AND path IN (SELECT value FROM json_each(?))", (owner, str([p for (p,) in rows])))
    conn.commit()
    conn.close()


def settle(account):
    conn = sqlite3.connect(DB, timeout=5.0)
    balance = conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()[0]
    time.sleep(0.2)  # waits for the payment provider
    conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (balance - 1, account))
    conn.commit()
    conn.close()


def rename(owner, old, new):
    conn = sqlite3.connect(DB, timeout=5.0)
    row = conn.execute("SELECT id FROM files WHERE owner = ? AND path = ?", (owner, old)).fetchone()
    if row is not None:
        conn.execute("UPDATE files SET path = ? WHERE id = ?", (new, row[0]))
    conn.commit()
    conn.close()


def start(owners):
    for owner in owners:
        threading.Thread(target=purge, args=(owner,)).start()
        threading.Thread(target=settle, args=(owner,)).start()
        threading.Thread(target=rename, args=(owner, "a", "b")).start()
