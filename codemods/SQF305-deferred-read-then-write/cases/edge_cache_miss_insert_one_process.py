"""A command-line tool with the cache-miss shape but one process and no
threads: nobody else can miss the same key between the lookup and the insert."""
import json
import sqlite3
import sys

import requests

conn = sqlite3.connect("rates.db")
conn.execute("CREATE TABLE IF NOT EXISTS rates (day TEXT PRIMARY KEY, body TEXT)")


def saved_rates(day):
    row = conn.execute("SELECT body FROM rates WHERE day = ?", (day,)).fetchone()
    return json.loads(row[0]) if row else None


def save_rates(day, body):
    with conn:
        conn.execute("INSERT INTO rates VALUES (?, ?)", (day, json.dumps(body)))


def rates_on(day):
    body = saved_rates(day)
    if body is None:
        body = requests.get(f"https://rates.example.org/{day}").json()
        save_rates(day, body)
    return body


if __name__ == "__main__":
    print(rates_on(sys.argv[1]))
