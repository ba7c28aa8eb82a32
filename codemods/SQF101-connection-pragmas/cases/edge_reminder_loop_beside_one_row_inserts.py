"""Form posts insert one row each through a connection of their own, and a
once-a-minute reminder thread reads the due rows: every transaction on the
file is one short statement, so a writer waits at most for one other
statement, milliseconds inside the 5 s busy wait. The pragma advice stays as
MONITOR with a note (maintainers do turn WAL on for one INSERT per request);
SQF303 reports nothing: a Python lock would only move that wait."""

import sqlite3
import threading
import time

from flask import Flask, request

DB = "reminders.db"
app = Flask(__name__)


@app.post("/remind")
def add_reminder():
    conn = sqlite3.connect(DB)
    try:
        conn.execute(
            "INSERT INTO reminders (chat, text, due) VALUES (?, ?, ?)",
            (request.form["chat"], request.form["text"], request.form["due"]),
        )
        conn.commit()
    finally:
        conn.close()
    return "ok"


def due_reminders(now):
    conn = sqlite3.connect(DB)
    try:
        return conn.execute("SELECT chat, text FROM reminders WHERE due <= ?", (now,)).fetchall()
    finally:
        conn.close()


def reminder_loop():
    while True:
        for chat, text in due_reminders(time.time()):
            print(chat, text)
        time.sleep(60)


threading.Thread(target=reminder_loop, daemon=True).start()
