"""The same bootstrap, but a route also runs it while the server serves other
requests: there another writer may hold the lock, and the swallowed error is
reported."""
import sqlite3

from fastapi import FastAPI

from app.db import DB_PATH, create_admin

app = FastAPI()


@app.post("/users/{name}")
def add_user(name: str):
    conn = sqlite3.connect(DB_PATH)
    with conn:
        conn.execute("INSERT INTO users (name, role) VALUES (?, 'user')", (name,))
    conn.close()


@app.post("/admin/reset")
def reset_admin():
    create_admin()
