"""A music library on peewee's APSWDatabase, with import threads beside the
UI thread. playhouse passes `timeout=` (seconds, 5 by default) to apsw's
`setbusytimeout` in milliseconds, so a database built with no timeout waits
5 s for the lock like peewee's sqlite3 one does
(docs/sqlite-facts.md#F-peewee-apsw-timeout): WAL is set and the timeout is
the default, nothing to report."""
import threading

from peewee import Model, TextField
from playhouse.apsw_ext import APSWDatabase

db = APSWDatabase("library.db", pragmas={"journal_mode": "wal"})


class Track(Model):
    path = TextField()

    class Meta:
        database = db


def import_folder(paths):
    for path in paths:
        Track.create(path=path)


def start_import(paths):
    threading.Thread(target=import_folder, args=(paths,), daemon=True).start()


def main():
    start_import(["a.mp3", "b.mp3"])
    while True:
        path = input("add: ")
        Track.create(path=path)


if __name__ == "__main__":
    main()
