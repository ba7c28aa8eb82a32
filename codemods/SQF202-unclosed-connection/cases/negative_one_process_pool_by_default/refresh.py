"""Refreshes the price cache in a worker pool whose size defaults to one
process; `Pool.map` returns only when every item is done. One connection is
open at a time, and the dropped ones go with the worker when the run ends."""
import sqlite3
from multiprocessing import Pool

PRICES = "prices.db"


def refresh(symbol):
    with sqlite3.connect(PRICES) as conn:
        conn.execute("INSERT OR REPLACE INTO prices (symbol, price) VALUES (?, ?)", (symbol, 1.0))


def refresh_all(symbols, workers=1):
    with Pool(processes=workers) as pool:
        pool.map(refresh, symbols)


if __name__ == "__main__":
    refresh_all(["ab", "cd"])
