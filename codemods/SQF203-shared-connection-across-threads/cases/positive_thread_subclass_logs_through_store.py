"""A results store opens its connection into a local name and keeps it on `self`,
with one cursor beside it (default check_same_thread). Each check runs as a
`threading.Thread` subclass (through a base class of the module) and logs and
saves through the store it was handed, built on the main thread: every use from
`run` raises ProgrammingError, and the checks would share the one cursor."""
import sqlite3
import threading


class ResultStore:
    def __init__(self, path):
        handle = sqlite3.connect(path, timeout=15)
        self.handle = handle
        self.cursor = handle.cursor()

    def note(self, text):
        try:
            self.cursor.execute("INSERT INTO notes (text) VALUES (?)", (text,))
            self.handle.commit()
        except sqlite3.Error as exc:
            if "locked" not in str(exc):
                raise

    def save(self, check, verdict):
        self.cursor.execute("INSERT INTO verdicts VALUES (?, ?)", (check, verdict))
        self.handle.commit()


class CheckThread(threading.Thread):
    def __init__(self, store, host):
        super().__init__(daemon=True)
        self.store = store
        self.host = host


class PingCheck(CheckThread):
    def run(self):
        self.store.note("pinging " + self.host)
        self.store.save("ping", "ok")


def run_checks(hosts):
    store = ResultStore("checks.db")
    workers = [PingCheck(store, host) for host in hosts]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
