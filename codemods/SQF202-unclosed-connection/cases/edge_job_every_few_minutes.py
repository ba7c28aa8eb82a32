"""A job the scheduler runs every ten minutes leaves its connection to the
garbage collector each time: that is a pile-up, and it is reported. The daily
one is not."""

import sqlite3
import threading
import time

import schedule

DB_PATH = "watch.db"


def refresh_listings():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("UPDATE listings SET seen = seen + 1")
    conn.commit()


def daily_digest():
    conn = sqlite3.connect(DB_PATH)
    print(conn.execute("SELECT count(*) FROM listings").fetchone())


def run_schedule():
    while True:
        schedule.run_pending()
        time.sleep(1)


schedule.every(10).minutes.do(refresh_listings)
schedule.every().day.at("20:00").do(daily_digest)
threading.Thread(target=run_schedule, daemon=True).start()
