import sqlite3

DB_PATH = "shared.db"


def connect():
    return sqlite3.connect(DB_PATH)


def init():
    conn = connect()
    with conn:
        conn.execute("CREATE TABLE IF NOT EXISTS events (name TEXT)")
    conn.close()


def save(name):
    conn = connect()
    try:
        with conn:
            conn.execute("INSERT INTO events (name) VALUES (?)", (name,))
    finally:
        conn.close()
