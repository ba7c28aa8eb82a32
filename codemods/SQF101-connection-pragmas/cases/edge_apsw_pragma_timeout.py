"""A timeout set through SQL counts like setbusytimeout, but only for the
connection it runs on: `patient` waits, `hasty` (same module, same threads)
still fails at once, and a connection a factory returns is left to whoever
calls the factory when the module configures one somewhere."""
import threading

import apsw


def patient(path):
    conn = apsw.Connection(path)
    conn.execute("PRAGMA busy_timeout = 5000")
    with conn:
        conn.execute("INSERT INTO runs DEFAULT VALUES")


def hasty(path):
    other = apsw.Connection(path)
    with other:
        other.execute("INSERT INTO runs DEFAULT VALUES")


def open_db(path):
    return apsw.Connection(path)


def run(path):
    db = open_db(path)
    db.setbusytimeout(2000)
    threading.Thread(target=patient, args=(path,)).start()
    threading.Thread(target=hasty, args=(path,)).start()
