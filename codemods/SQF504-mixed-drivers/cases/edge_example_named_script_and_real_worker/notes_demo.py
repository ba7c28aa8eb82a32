"""Named as a demo: shows a reader the sqlite3 side; it is not counted as a
second driver of the service."""
import sqlite3

from settings import NOTES_DB

print(sqlite3.connect(NOTES_DB).execute("SELECT count(*) FROM notes").fetchone())
