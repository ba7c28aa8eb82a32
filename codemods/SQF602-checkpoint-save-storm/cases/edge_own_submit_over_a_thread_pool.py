"""The project's own `submit` here hands each call to a pool of eight threads
rather than to one owner: a loop of submits starts concurrent writers, each
with its own connection, and is reported."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor


class Jobs:
    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=8)

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)


def save_reading(reading):
    conn = sqlite3.connect("sensors.db")
    with conn:
        conn.execute("INSERT INTO readings (value) VALUES (?)", (reading,))
    conn.close()


jobs = Jobs()


def import_readings(readings):
    for reading in readings:
        jobs.submit(save_reading, reading)
