"""Fail-fast settings copied into every driver of a FastAPI service."""
import sqlite3

import aiosqlite
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

app = FastAPI()
DB_PATH = "documents.db"

engine = create_async_engine(
    "sqlite+aiosqlite:///documents.db",
    connect_args={"timeout": 0, "check_same_thread": False},
)


def get_conn():
    conn = sqlite3.connect(DB_PATH, timeout=0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def get_conn_positional():
    return sqlite3.connect(DB_PATH, 0.25)


@app.get("/documents/{doc_id}")
async def get_document(doc_id: int):
    async with aiosqlite.connect(DB_PATH, timeout=0.1) as db:
        async with db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)) as cur:
            return await cur.fetchone()


def tune(conn):
    conn.execute("PRAGMA busy_timeout = 0")
