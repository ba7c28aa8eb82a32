import sqlite3
from concurrent.futures import ProcessPoolExecutor


def connect(path):
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def work(path, item):
    conn = connect(path)
    with conn:
        conn.execute("INSERT INTO results(item) VALUES (?)", (item,))
    conn.close()


def main(path, items):
    with ProcessPoolExecutor() as pool:
        list(pool.map(work, [path] * len(items), items))


if __name__ == "__main__":
    main("runs.db", list(range(100)))
