"""An existence check before a write of values that were not read: `if not
row: return` then `UPDATE ... SET content = ?`. A concurrent delete between the
two makes the UPDATE touch no row; no value read is written back, so nothing
is lost. Likewise a guard on something other than the rows (the arguments)."""

import sqlite3
import threading

DB = "tags.db"


def edit_tag(name, content):
    conn = sqlite3.connect(DB, timeout=10)
    row = conn.execute("SELECT 1 FROM tags WHERE name = ?", (name,)).fetchone()
    if not row:
        conn.close()
        return False
    if len(content) > 2000:
        raise ValueError("too long")
    conn.execute("UPDATE tags SET content = ? WHERE name = ?", (content, name))
    conn.commit()
    conn.close()
    return True


def rename_tag(name, new_name):
    conn = sqlite3.connect(DB, timeout=10)
    row = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if row is None:
        conn.close()
        return False
    conn.execute("UPDATE tags SET name = ? WHERE name = ?", (new_name, name))
    conn.commit()
    conn.close()
    return True


def serve():
    for n in range(4):
        threading.Thread(target=edit_tag, args=(str(n), "x")).start()
        threading.Thread(target=rename_tag, args=(str(n), "y")).start()
