"""A rebuild run from worker threads copies a table's rows, normalized, into a
staging table it creates moments before (`CREATE TABLE {stage}`), then swaps
it in. What it writes goes to a table this run just made, named by the same
local: no other call has rows there to overwrite. Not reported. (The same
copy into a table the function did not create is: positive_value_read_from_the_rows_written.py.)"""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)


def rebuild(path, table):
    conn = sqlite3.connect(path)
    stage = f"{table}_stage"
    conn.execute(f"DROP TABLE IF EXISTS {stage}")
    conn.execute(f"CREATE TABLE {stage} (rowid INTEGER PRIMARY KEY, value REAL)")
    rows = conn.execute(f"SELECT rowid, value FROM {table}").fetchall()
    for rowid, value in rows:
        conn.execute(f"INSERT INTO {stage}(rowid, value) VALUES (?, ?)", (rowid, value / 2))
    conn.commit()
    conn.close()


def add(path, table, value):
    conn = sqlite3.connect(path)
    conn.execute(f"INSERT INTO {table}(value) VALUES (?)", (value,))
    conn.commit()
    conn.close()


def serve(path):
    pool.submit(rebuild, path, "scores")
    pool.submit(add, path, "scores", 1.0)
