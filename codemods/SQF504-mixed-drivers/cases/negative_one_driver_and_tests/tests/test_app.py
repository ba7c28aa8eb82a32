import sqlite3

from app import DB_PATH


def test_documents_table_exists():
    conn = sqlite3.connect(DB_PATH)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'documents'").fetchone()
