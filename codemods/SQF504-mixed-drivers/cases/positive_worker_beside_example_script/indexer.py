"""The indexing step the service's worker calls: a second driver in the
application itself, whatever the example script does."""
import sqlite3

from settings import NOTES_DB


def mark_indexed(note_id):
    with sqlite3.connect(NOTES_DB) as conn:
        conn.execute("UPDATE notes SET indexed = 1 WHERE id = ?", (note_id,))
