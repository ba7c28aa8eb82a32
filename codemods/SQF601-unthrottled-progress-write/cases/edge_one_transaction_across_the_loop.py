"""Two passes that mark each row's status after slow work. `mark_batch`
commits once after the loop: Python's implicit BEGIN opens one transaction at
the first UPDATE and the commit ends it, so the loop holds one write
transaction, not one per item (a long transaction across the work is another
matter): quiet. `mark_each` commits every row: reported."""
import sqlite3
import threading


def digest(text):
    return sum(map(ord, text))


def mark_batch(conn, rows):
    for row_id, text in rows:
        digest(text)
        conn.execute("UPDATE docs SET status = 'indexed' WHERE id = ?", (row_id,))
    conn.commit()


def mark_each(conn, rows):
    for row_id, text in rows:
        digest(text)
        conn.execute("UPDATE docs SET status = 'indexed' WHERE id = ?", (row_id,))
        conn.commit()


def worker():
    conn = sqlite3.connect("docs.db", timeout=30)
    try:
        rows = conn.execute("SELECT id, body FROM docs WHERE status = 'new'").fetchall()
        mark_batch(conn, rows)
        mark_each(conn, rows)
    finally:
        conn.close()


for _ in range(2):
    threading.Thread(target=worker).start()
