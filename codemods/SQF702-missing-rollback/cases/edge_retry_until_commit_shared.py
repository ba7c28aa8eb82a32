"""A sensor logger's connection, shared by its sampler and its uploader
threads, with writes retried `while True:` on "database is locked".

`save_reading` retries one upsert and its commit until the commit succeeds: a
failed upsert takes no lock and leaves nothing, a failed commit keeps the
upsert, which the next turn writes again to the same row and commits, so the
handler's open transaction is finished by the next turn (not reported).
`flush` retries only the commit of the batch written before the loop, which
publishes the batch once (not reported). `log_event` retries a plain INSERT:
after a failed commit the next turn inserts the row a second time into the
transaction that still holds the first (reported). `save_reading_counted`
counts its attempts and then carries on with the transaction open (reported)."""
import logging
import sqlite3
import time

log = logging.getLogger(__name__)

_conn = sqlite3.connect("sensors.db", check_same_thread=False)


def save_reading(sensor, value):
    while True:
        try:
            _conn.execute(
                "INSERT INTO latest (sensor, value) VALUES (?, ?) "
                "ON CONFLICT(sensor) DO UPDATE SET value = excluded.value",
                (sensor, value),
            )
            _conn.commit()
            return
        except sqlite3.OperationalError as e:
            log.warning("sensors.db busy: %s", e)
            time.sleep(0.5)


def flush(rows):
    _conn.executemany("INSERT INTO readings (sensor, value) VALUES (?, ?)", rows)
    while True:
        try:
            _conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(0.5)


def log_event(text):
    while True:
        try:
            _conn.execute("INSERT INTO events (text) VALUES (?)", (text,))
            _conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(0.5)


def save_reading_counted(sensor, value):
    _conn.execute("INSERT INTO readings (sensor, value) VALUES (?, ?)", (sensor, value))
    for _ in range(3):
        try:
            _conn.execute("UPDATE latest SET value = ? WHERE sensor = ?", (value, sensor))
            _conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(0.5)
