"""The same cache shape written safely: one store ignores a key another worker
stored first, the other catches the duplicate-key error it expects."""
import json
import sqlite3
from multiprocessing import Pool

import requests

CACHE = "geo_cache.db"


def open_cache():
    conn = sqlite3.connect(CACHE, timeout=30)
    conn.execute("CREATE TABLE IF NOT EXISTS places (name TEXT PRIMARY KEY, coords TEXT)")
    return conn


def known_place(conn, name):
    row = conn.execute("SELECT coords FROM places WHERE name = ?", (name,)).fetchone()
    return json.loads(row[0]) if row else None


def keep_place(conn, name, coords):
    with conn:
        conn.execute("INSERT OR IGNORE INTO places VALUES (?, ?)", (name, json.dumps(coords)))


def add_place(conn, name, coords):
    with conn:
        conn.execute("INSERT INTO places VALUES (?, ?)", (name, json.dumps(coords)))


def locate(conn, name):
    coords = known_place(conn, name)
    if coords is None:
        coords = requests.get("https://geo.example.org", params={"q": name}).json()
        keep_place(conn, name, coords)
    return coords


def locate_strict(conn, name):
    coords = known_place(conn, name)
    if coords is None:
        coords = requests.get("https://geo.example.org", params={"q": name}).json()
        try:
            add_place(conn, name, coords)
        except sqlite3.IntegrityError:
            pass
    return coords


def work(names):
    conn = open_cache()
    return [locate(conn, n) for n in names] + [locate_strict(conn, n) for n in names]


if __name__ == "__main__":
    with Pool(3) as pool:
        print(pool.map(work, [["oslo"], ["oslo", "rome"]]))
