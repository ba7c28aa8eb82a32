"""A single lookup function uses the module cursor, from a pool of threads: the
connection's finding says so, and with nobody else on the cursor there is no
second site to add."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

conn = sqlite3.connect("codes.db", check_same_thread=False)
cur = conn.cursor()


def country(code):
    cur.execute("SELECT name FROM countries WHERE code = ?", (code,))
    row = cur.fetchone()
    return row[0] if row else None


def countries(codes):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(country, codes))


if __name__ == "__main__":
    print(countries(["fr", "de"]))
