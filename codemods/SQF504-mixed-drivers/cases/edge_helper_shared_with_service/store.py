# A helper the command and the service both call: not only a command's, so its
# sqlite3 open beside the service's aiosqlite is still reported.
import sqlite3

DB_PATH = "state/app.db"


def mark_seen(item_id):
    conn = sqlite3.connect(DB_PATH)
    try:
        with conn:
            conn.execute("UPDATE items SET seen = 1 WHERE id = ?", (item_id,))
    finally:
        conn.close()
