"""A config loader written twice: the second `def` replaces the first at
import, so nothing in the first ever runs (no finding there)."""
import sqlite3


def load_config():
    conn = sqlite3.connect("settings.db")
    conn.execute("INSERT INTO loads DEFAULT VALUES")
    conn.commit()
    return dict(conn.execute("SELECT key, value FROM config"))


def load_config():
    with open("settings.json") as f:
        return f.read()
