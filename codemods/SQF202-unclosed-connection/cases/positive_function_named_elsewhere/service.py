"""The same service, where the leaking function is reached: once by a route
in another module, once handed to the scheduler by name as a string. A function
the project names anywhere is live, whatever spells it."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()


def rebuild_index(path):
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM idx")
    conn.execute("INSERT INTO idx SELECT id, title FROM docs")
    conn.commit()


def purge(path):
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM docs WHERE expired = 1")
