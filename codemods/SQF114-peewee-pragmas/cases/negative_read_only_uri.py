"""A database browser opening the file read-only: it must not switch the
journal mode of a file it only looks at."""

from peewee import SqliteDatabase


def open_database(filename, read_only):
    if read_only:
        return SqliteDatabase("file:%s?mode=ro" % filename, uri=True)
    return SqliteDatabase(filename, pragmas={"journal_mode": "wal", "synchronous": 1})
