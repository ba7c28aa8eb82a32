"""A music library on a peewee database class of its own that opens apsw
connections itself. peewee's `timeout=` never reaches them: `_connect`
builds `apsw.Connection(path)` and sets no busy timeout, so every connection
waits 0 ms (docs/sqlite-facts.md#F-peewee-apsw-timeout). The import threads
write beside the UI thread, and the second writer fails at once with
BusyError although the file is in WAL."""
import threading

import apsw
from peewee import Model, SqliteDatabase, TextField


class LibraryDatabase(SqliteDatabase):
    def _connect(self):
        conn = apsw.Connection(self.database)
        for key, value in self._pragmas:
            conn.execute(f"PRAGMA {key} = {value}")
        return conn


db = LibraryDatabase("library.db", pragmas={"journal_mode": "wal"})


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
