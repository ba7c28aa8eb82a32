"""The program imports `threading` and `concurrent.futures`, but the only
thread it starts fetches exchange rates and never opens the ledger: nothing
concrete uses the database beside the main thread: the finding stays, at
medium confidence, and names no second party (an import is none)."""
import sqlite3
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

LEDGER = "ledger.db"
_rates = {}
_rates_lock = threading.Lock()


def fetch_rate(code):
    with urllib.request.urlopen(f"https://rates.example/{code}") as r:
        value = float(r.read())
    with _rates_lock:
        _rates[code] = value


def refresh_rates(codes):
    with ThreadPoolExecutor(max_workers=4) as pool:
        pool.map(fetch_rate, codes)


def post(entry, amount):
    conn = sqlite3.connect(LEDGER)
    conn.execute("INSERT INTO entries (entry, amount) VALUES (?, ?)", (entry, amount))
    conn.execute("UPDATE balance SET total = total + ?", (amount,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    refresh_rates(["EUR", "USD"])
    for e in ["rent", "food"]:
        post(e, 10)
