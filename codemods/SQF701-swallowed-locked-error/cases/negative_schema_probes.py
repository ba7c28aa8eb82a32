"""A small migration helper: OperationalError is expected here and means
"already done"; writes re-raise."""

import logging
import sqlite3

logger = logging.getLogger(__name__)


def add_column(conn, table, column, decl):
    try:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        conn.commit()
    except sqlite3.OperationalError:
        pass


def ensure_tables(conn):
    try:
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, status TEXT)")
    except sqlite3.OperationalError:
        logger.debug("documents table exists")


def has_table(conn, name):
    try:
        conn.execute(f"SELECT 1 FROM {name} LIMIT 1")
        return True
    except sqlite3.OperationalError:
        return False


def schema_version(conn):
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0


def insert_or_ignore_missing_table(conn, doc_id):
    try:
        conn.execute("INSERT INTO audit (doc_id) VALUES (?)", (doc_id,))
        conn.commit()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return
        raise


def save_with_retry(conn, doc_id):
    try:
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        conn.commit()
    except sqlite3.OperationalError:
        conn.rollback()
        raise
