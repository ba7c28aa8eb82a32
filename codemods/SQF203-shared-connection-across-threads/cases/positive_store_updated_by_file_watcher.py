"""A catalog opened on the main thread (default check_same_thread) is updated
from a watchdog event handler: the observer calls `on_created`/`on_modified`
on its own thread, so every update raises ProgrammingError."""
import sqlite3
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer


class Catalog:
    def __init__(self, path):
        self.db = sqlite3.connect(path, timeout=20)
        self.db.execute("PRAGMA journal_mode=WAL")

    def upsert(self, name):
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (name, time.time()))
        self.db.commit()


class CatalogRefresher(FileSystemEventHandler):
    def __init__(self, catalog):
        self.catalog = catalog

    def on_created(self, event):
        self.catalog.upsert(event.src_path)

    def on_modified(self, event):
        self.catalog.upsert(event.src_path)


def watch_folder(folder):
    catalog = Catalog("catalog.db")
    catalog.upsert(folder)
    observer = Observer()
    observer.schedule(CatalogRefresher(catalog), folder, recursive=True)
    observer.start()
    try:
        while True:
            time.sleep(1)
    finally:
        observer.stop()
        observer.join()
