"""One module connection shared by a pool, but every lookup takes the module
lock and runs its statement on a cursor of its own: no thread ever sees another's
rows, and no two statements meet on one cursor."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

db = sqlite3.connect("labels.db", check_same_thread=False)
db_lock = threading.Lock()


def label_for(code):
    with db_lock:
        cur = db.cursor()
        cur.execute("SELECT label FROM labels WHERE code = ?", (code,))
        row = cur.fetchone()
    return row[0] if row else code


def owner_of(code):
    with db_lock:
        row = db.execute("SELECT owner FROM labels WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


def describe(code):
    return f"{label_for(code)} ({owner_of(code)})"


def describe_all(codes):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(describe, codes))
