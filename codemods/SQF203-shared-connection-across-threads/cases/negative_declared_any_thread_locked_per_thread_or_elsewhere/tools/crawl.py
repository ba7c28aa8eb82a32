"""Fetches supplier prices on a thread pool into a file of its own."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import requests


def fetch(url):
    db = sqlite3.connect("prices.db")
    try:
        db.execute("INSERT INTO prices (url, body) VALUES (?, ?)", (url, requests.get(url).text))
        db.commit()
    finally:
        db.close()


if __name__ == "__main__":
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fetch, open("urls.txt").read().split()))
