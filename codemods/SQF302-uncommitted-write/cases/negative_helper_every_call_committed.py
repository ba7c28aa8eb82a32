"""Every call of the store helper is committed promptly: inside `with conn:`,
by a commit on the next line, or by the caller's caller right after."""
import sqlite3
import time
from multiprocessing import Process

import requests

conn = sqlite3.connect("feeds.db", timeout=10)
conn.execute("CREATE TABLE IF NOT EXISTS items (feed TEXT, title TEXT)")


def add_item(feed, title):
    conn.execute("INSERT INTO items (feed, title) VALUES (?, ?)", (feed, title))


def add_all(feed, titles):
    for title in titles:
        add_item(feed, title)


def poll(feed):
    while True:
        titles = requests.get(feed).json()
        with conn:
            add_all(feed, titles)
        time.sleep(60)


def backfill(feed, titles):
    for title in titles:
        add_item(feed, title)
        conn.commit()
        time.sleep(1)


if __name__ == "__main__":
    backfill("https://f.example", ["x"])
    for feed in ["https://f.example", "https://g.example"]:
        Process(target=poll, args=(feed,)).start()
