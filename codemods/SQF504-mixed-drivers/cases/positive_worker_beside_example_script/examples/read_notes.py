import sqlite3

from settings import NOTES_DB

print(sqlite3.connect(NOTES_DB).execute("SELECT count(*) FROM notes").fetchone())
