"""The pool's size comes from the command line: several workers may drop
connections on the price cache at once. Reported."""
import sqlite3
import sys
from multiprocessing import Pool

PRICES = "prices.db"


def refresh(symbol):
    with sqlite3.connect(PRICES) as conn:
        conn.execute("INSERT OR REPLACE INTO prices (symbol, price) VALUES (?, ?)", (symbol, 1.0))


def refresh_all(symbols, workers):
    with Pool(processes=workers) as pool:
        pool.map(refresh, symbols)


if __name__ == "__main__":
    refresh_all(["ab", "cd"], int(sys.argv[1]))
