import sqlite3

DB_PATH = "docs.db"


def connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def create_document(name):
    conn = connect()
    try:
        with conn:
            conn.execute("INSERT INTO documents (name) VALUES (?)", (name,))
            conn.execute("UPDATE counts SET documents = documents + 1")
    finally:
        conn.close()
