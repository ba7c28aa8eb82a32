"""A weather client. Its catch-all exists for the HTTP calls: a timeout or a
bad status must not stop the refresh thread. The only SQLite write inside is
the response cache's entry (stored by a helper of the cache class, on a
connection that waits 30 s): losing it costs one refetch."""

import sqlite3
import sys
import threading
import time

import requests

DB = "weather.db"


class ResponseCache:
    def __init__(self, path=DB):
        self.conn = sqlite3.connect(path, timeout=30, check_same_thread=False)

    def put(self, url, body):
        self.conn.execute(
            "INSERT OR REPLACE INTO responses (url, body, at) VALUES (?, ?, ?)",
            (url, body, time.time()),
        )
        self.conn.commit()


cache = ResponseCache()


latest = {}


def fetch_forecast(city):
    url = f"https://weather.example/forecast/{city}"
    try:
        resp = requests.get(url, timeout=10)
        resp.raise_for_status()
        cache.put(url, resp.text)
        latest[city] = resp.json()
    except Exception as e:
        print(f"forecast for {city} unavailable: {e}")


def sync_stations():
    """Holds the write lock across the station requests."""
    conn = sqlite3.connect(DB)
    with conn:
        for code in ("A", "B", "C"):
            data = requests.get(f"https://weather.example/station/{code}", timeout=10).json()
            conn.execute("UPDATE stations SET name = ? WHERE code = ?", (data["name"], code))


def refresh_forever(cities):
    while True:
        for city in cities:
            fetch_forecast(city)
        time.sleep(600)


if __name__ == "__main__":
    threading.Thread(target=sync_stations).start()
    refresh_forever(sys.argv[1:] or ["oslo", "lima"])
