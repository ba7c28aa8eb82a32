"""The connection factory: the isolation level is set on the connection after
connect (lowercase, which sqlite3 accepts and stores as "IMMEDIATE")."""
import sqlite3

DB_PATH = "documents.db"


def get_db():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.isolation_level = "immediate"
    return conn
