"""The driver is chosen by name at import time (`importlib.import_module`) and
kept in a module-level variable; a second module-level name is bound through
`from sqlite3 import dbapi2`. Each thread's handler opens through one of them,
writes and closes only on the success path: a failed write drops the
connection with its transaction."""
import importlib
import threading
from sqlite3 import dbapi2 as sqlite

dbapi = importlib.import_module("sqlite3")


def save_event(path, event):
    conn = dbapi.connect(path)
    conn.execute("INSERT INTO events (body) VALUES (?)", (event,))
    conn.commit()
    conn.close()


def save_audit(path, line):
    conn = sqlite.connect(path)
    conn.execute("INSERT INTO audit (line) VALUES (?)", (line,))
    conn.commit()
    conn.close()


def serve(path, events):
    for event in events:
        threading.Thread(target=save_event, args=(path, event)).start()
        threading.Thread(target=save_audit, args=(path, event)).start()
