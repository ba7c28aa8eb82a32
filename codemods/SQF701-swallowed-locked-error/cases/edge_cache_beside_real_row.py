"""A try that writes a cache row and a real row together: losing the conversion
record is a real loss, so the swallowed lock error is still reported. A try that
writes only the conversions table is reported too."""

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


def convert_and_record(user_id, pair, rate, amount):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT OR REPLACE INTO rate_cache (pair, rate, at) VALUES (?, ?, ?)", (pair, rate, time.time()))
        conn.execute("INSERT INTO conversions (user_id, pair, amount) VALUES (?, ?, ?)", (user_id, pair, amount * rate))
        conn.commit()
    except Exception as e:
        print(e)
    finally:
        conn.close()


def record_only(user_id, pair, amount):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT INTO conversions (user_id, pair, amount) VALUES (?, ?, ?)", (user_id, pair, amount))
        conn.commit()
    except Exception as e:
        print(e)
    finally:
        conn.close()


def start(codes, jobs):
    threading.Thread(target=refresh_currencies, args=(codes,)).start()
    threading.Thread(target=lambda: [record_only(*j) for j in jobs]).start()
