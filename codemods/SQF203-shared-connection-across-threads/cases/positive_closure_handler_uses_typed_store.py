"""The store is opened on the main thread (default check_same_thread) and handed,
as an annotated parameter, to the function that starts the watcher. The handler
class defined inside that function reaches the store through the closure: the
observer calls `on_deleted` on its own thread and a `threading.Timer` runs
`_flush` on another, so every update raises ProgrammingError. An annotation
names the class; it does not mean the object was built where it is used. The
same holds for the typed parameter of a thread's target function: its argument
comes from the thread that started it."""
import sqlite3
import threading
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer


class Index:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=30)

    def put(self, name):
        self.conn.execute("INSERT OR REPLACE INTO files (name) VALUES (?)", (name,))

    def drop(self, name):
        self.conn.execute("DELETE FROM files WHERE name = ?", (name,))

    def commit(self):
        self.conn.commit()


class Ledger:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def record(self, entry):
        self.db.execute("INSERT INTO entries (text) VALUES (?)", (entry,))
        self.db.commit()


def follow(folder, index: Index):
    class Handler(FileSystemEventHandler):
        def __init__(self):
            self.pending = set()
            self.timer = None

        def on_modified(self, event):
            self.pending.add(event.src_path)
            self.timer = threading.Timer(0.5, self._flush)
            self.timer.start()

        def on_deleted(self, event):
            index.drop(event.src_path)
            index.commit()

        def _flush(self):
            for name in sorted(self.pending):
                index.put(name)
            index.commit()

    observer = Observer()
    observer.schedule(Handler(), folder, recursive=True)
    observer.start()
    while True:
        time.sleep(1)


def replay(ledger: Ledger, entries):
    for entry in entries:
        ledger.record(entry)


def main():
    index = Index("index.db")
    ledger = Ledger("ledger.db")
    threading.Thread(target=replay, args=(ledger, ["a", "b"])).start()
    follow(".", index)
