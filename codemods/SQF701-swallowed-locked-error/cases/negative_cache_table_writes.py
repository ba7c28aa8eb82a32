"""A rate lookup service keeps fetched exchange rates in a cache table. A
refresh thread holds the write lock across network calls, so a lock error can
reach the handlers below; but each of them only stores, drops or expires cache
rows, and a lost cache row is a miss the next lookup fetches again."""

import sqlite3
import threading
import time

import requests

DB_PATH = "rates.db"


def refresh_currencies(codes):
    conn = sqlite3.connect(DB_PATH)
    for code in codes:
        info = requests.get(f"https://rates.example/{code}", timeout=10).json()
        conn.execute("UPDATE currencies SET name = ? WHERE code = ?", (info["name"], code))
    conn.commit()
    conn.close()


def remember_rate(pair, rate):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT OR REPLACE INTO rate_cache (pair, rate, at) VALUES (?, ?, ?)", (pair, rate, time.time()))
        conn.commit()
    except Exception as e:
        print(f"could not cache {pair}: {e}")
    finally:
        conn.close()


def forget_rate(pair):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("DELETE FROM rate_cache WHERE pair = ?", (pair,))
        conn.commit()
    except sqlite3.OperationalError:
        pass
    finally:
        conn.close()


def expire_rates(max_age):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("DELETE FROM cache_entries WHERE at < ?", (time.time() - max_age,))
        conn.commit()
    except Exception as e:
        print(e)
    finally:
        conn.close()


def start(codes, pairs):
    threading.Thread(target=refresh_currencies, args=(codes,)).start()
    threading.Thread(target=lambda: [remember_rate(p, 1.0) for p in pairs]).start()
