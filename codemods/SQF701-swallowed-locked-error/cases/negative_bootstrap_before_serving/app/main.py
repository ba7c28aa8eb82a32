"""The admin bootstrap runs once before the server starts (run.py): nothing else
has the database open yet, so no lock can be held against its write."""
import sqlite3

from fastapi import FastAPI

from app.db import DB_PATH

app = FastAPI()


@app.post("/users/{name}")
def add_user(name: str):
    conn = sqlite3.connect(DB_PATH)
    with conn:
        conn.execute("INSERT INTO users (name, role) VALUES (?, 'user')", (name,))
    conn.close()
