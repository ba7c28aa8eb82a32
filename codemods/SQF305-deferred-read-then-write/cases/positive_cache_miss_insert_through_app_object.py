"""A geocoder keeps its one connection on an application object that every
helper is handed. A lookup helper iterates the cursor of a keyed SELECT and
returns the first row; on a miss the caller asks a web service and a second
helper stores the answer with a plain INSERT. The lookups run in a pool of
processes, each with its own application object on the same file: two that
miss the same place both insert it and the later one fails on the key."""
import sqlite3
from concurrent.futures import ProcessPoolExecutor

import requests


class Geo:
    def __init__(self, path):
        self.cache = sqlite3.connect(path, timeout=20)
        self.cache.execute(
            "CREATE TABLE IF NOT EXISTS places (name TEXT PRIMARY KEY, lat REAL, lon REAL)"
        )


def cached_place(geo, name):
    for row in geo.cache.execute("SELECT lat, lon FROM places WHERE name = ?", (name,)):
        return row
    return None


def remember_place(geo, name, lat, lon):
    with geo.cache:
        geo.cache.execute("INSERT INTO places (name, lat, lon) VALUES (?, ?, ?)", (name, lat, lon))


def locate(geo, name):
    known = cached_place(geo, name)
    if known is not None:
        return known
    hit = requests.get("https://geo.example.net/search", params={"q": name}).json()
    remember_place(geo, name, hit["lat"], hit["lon"])
    return hit["lat"], hit["lon"]


def run_batch(names):
    geo = Geo("places.db")
    return [locate(geo, n) for n in names]


if __name__ == "__main__":
    with ProcessPoolExecutor(4) as pool:
        print(list(pool.map(run_batch, [["Oslo", "Bergen"], ["Bergen", "Tromsø"]])))
