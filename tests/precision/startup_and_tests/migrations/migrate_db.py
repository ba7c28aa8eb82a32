"""Schema migrations, run before the service starts: no second party yet."""
import sqlite3

STEPS = ["CREATE TABLE a (x)", "CREATE TABLE b (y)"]


def migrate(path):
    for step in STEPS:
        conn = sqlite3.connect(path)
        conn.execute(step)
        conn.commit()
        conn.close()
