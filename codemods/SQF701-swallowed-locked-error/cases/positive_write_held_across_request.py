"""Two worker threads; one of them writes and then calls a payment API before
committing, holding the write lock for as long as the request takes (seconds).
The other's one-row insert waits out its busy timeout and the lock error is
printed and dropped."""

import queue
import sqlite3
import threading

import requests

DB_PATH = "shop.db"


def record_visit(user_id):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT INTO visits (user_id) VALUES (?)", (user_id,))
        conn.commit()
    except Exception as e:
        print(e)
    finally:
        conn.close()


def charge(user_id, amount):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("UPDATE users SET pending = ? WHERE id = ?", (amount, user_id))
        paid = requests.post("https://pay.example/charge", json={"amount": amount}, timeout=30)
        conn.execute("UPDATE users SET paid = ? WHERE id = ?", (paid.ok, user_id))
        conn.commit()
    finally:
        conn.close()


jobs = queue.Queue()


def work():
    while True:
        kind, user_id = jobs.get()
        if kind == "visit":
            record_visit(user_id)
        else:
            charge(user_id, 10)


for _ in range(2):
    threading.Thread(target=work, daemon=True).start()
