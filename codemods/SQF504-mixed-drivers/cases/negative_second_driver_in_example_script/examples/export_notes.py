"""How to read the notes file from your own script: run it by hand, it is not
part of the service."""
import sqlite3

from settings import NOTES_DB

with sqlite3.connect(NOTES_DB) as conn:
    for (body,) in conn.execute("SELECT body FROM notes"):
        print(body)
