"""Connection factory, as most FastAPI + sqlite3 apps write it."""
import sqlite3
from pathlib import Path

DB_PATH = Path(__file__).parent / "app.db"


def get_connection():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def list_documents():
    conn = get_connection()
    rows = conn.execute("SELECT id, status FROM documents").fetchall()
    conn.close()
    return rows
