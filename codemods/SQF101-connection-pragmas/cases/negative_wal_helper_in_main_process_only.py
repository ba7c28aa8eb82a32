"""The connect helper switches to WAL, but only the main process connects:
the worker processes compute and hand their results back, and the main
process saves them. No worker meets another's switch."""
import sqlite3
from concurrent.futures import ProcessPoolExecutor


def connect(path):
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def score(item):
    return item, sum(i * i for i in range(item))


def main(path, items):
    conn = connect(path)
    with ProcessPoolExecutor() as pool:
        for item, value in pool.map(score, items):
            with conn:
                conn.execute("INSERT INTO scores(item, value) VALUES (?, ?)", (item, value))
    conn.close()


if __name__ == "__main__":
    main("scores.db", list(range(100)))
