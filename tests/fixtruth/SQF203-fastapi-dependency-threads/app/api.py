"""A small catalogue API: a sync yield dependency opens the request's connection."""
import os
import sqlite3
import time

from fastapi import Depends, FastAPI

DATABASE = os.environ.get("CATALOG_DB", "catalog.db")
app = FastAPI()


def init():
    conn = sqlite3.connect(DATABASE)
    try:
        with conn:
            conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT)")
            conn.executemany("INSERT INTO items (name) VALUES (?)", [("a",), ("b",), ("c",)])
    finally:
        conn.close()


def get_db():
    db = sqlite3.connect(DATABASE)
    try:
        yield db
    finally:
        db.close()


@app.get("/items")
def items(db: sqlite3.Connection = Depends(get_db)):
    time.sleep(0.01)  # a little work, as a real endpoint does
    return [r[0] for r in db.execute("SELECT name FROM items ORDER BY id")]
