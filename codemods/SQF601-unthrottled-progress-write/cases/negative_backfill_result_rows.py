"""A backfill command: each item's UPDATE stores its computed result beside its
status. That is the item's own row, written once per item as the work itself,
not a progress report rewritten on every iteration."""
import sqlite3

DB_PATH = "memory.db"


def embed(text):
    return [float(len(text))]


def backfill_embeddings():
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT id, body FROM notes WHERE embedding IS NULL").fetchall()
    for note_id, body in rows:
        vector = embed(body)
        conn.execute(
            "UPDATE notes SET embedding = ?, status = 'embedded', updated_at = CURRENT_TIMESTAMP WHERE id = ?",
            (str(vector), note_id),
        )
        conn.commit()
    conn.close()
