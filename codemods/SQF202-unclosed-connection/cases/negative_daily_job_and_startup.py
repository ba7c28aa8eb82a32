"""A timetable bot: its tables are created once, before the schedule thread and
the polling start, and its report job runs once each weekday morning. A
connection either leaves to the garbage collector costs one handle a day at
most, and nothing waits on it."""

import sqlite3
import threading
import time

import schedule

DB_PATH = "timetable.db"


def init():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("CREATE TABLE IF NOT EXISTS lessons (day TEXT, slot INTEGER, name TEXT)")
    conn.commit()


def morning_report():
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT slot, name FROM lessons WHERE day = date('now')").fetchall()
    print(rows)


def weekly_cleanup():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("DELETE FROM lessons WHERE day < date('now', '-30 days')")
    conn.commit()


def run_schedule():
    while True:
        schedule.run_pending()
        time.sleep(30)


init()
schedule.every().monday.at("07:30").do(morning_report)
schedule.every().day.at("07:45").do(morning_report)
schedule.every().sunday.at("03:00").do(weekly_cleanup)
threading.Thread(target=run_schedule, daemon=True).start()
