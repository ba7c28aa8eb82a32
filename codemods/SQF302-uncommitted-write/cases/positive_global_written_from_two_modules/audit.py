from db import conn


def record(event):
    conn.executemany("INSERT INTO audit (event) VALUES (?)", [(event,)])
