from typing import Iterator
import sqlite3

from db import open_connection


def get_db_conn() -> Iterator[sqlite3.Connection]:
    conn = open_connection()
    try:
        yield conn
    finally:
        conn.close()
