"""Edge: the same database class of its own, but `_connect` passes peewee's
timeout on (`setbusytimeout(int(self._timeout * 1000))`): it waits, nothing
to report."""
import threading

import apsw
from peewee import Model, SqliteDatabase, TextField


class LibraryDatabase(SqliteDatabase):
    def _connect(self):
        conn = apsw.Connection(self.database)
        conn.setbusytimeout(int(self._timeout * 1000))
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
