"""The same kept connection, but a background importer opens its own
connection to the file and writes batches in a loop: now two connections
contend for the write lock, and the request threads' transactions wait in the
busy handler behind the importer's (reported, on both sides)."""
import sqlite3
import threading
import time

from flask import Flask, request

app = Flask(__name__)
DB_PATH = "signups.db"


def connect_db():
    conn = sqlite3.connect(DB_PATH, check_same_thread=False)
    return conn


client = connect_db()


def save_member(handle, email):
    client.execute("INSERT OR REPLACE INTO members (handle, email) VALUES (?, ?)", (handle, email))
    client.execute("UPDATE counters SET members = members + 1 WHERE id = 1")
    client.commit()


def import_batches(batches):
    conn = sqlite3.connect(DB_PATH)
    for batch in batches:
        for handle, email in batch:
            conn.execute("INSERT OR REPLACE INTO members (handle, email) VALUES (?, ?)", (handle, email))
        conn.commit()
        time.sleep(0.01)
    conn.close()


@app.post("/join")
def join():
    save_member(request.form["handle"], request.form["email"])
    return "ok"


if __name__ == "__main__":
    threading.Thread(target=import_batches, args=([],), daemon=True).start()
    app.run(threaded=True)
