"""A driver that fills its parameters key by key, with keys other drivers
share (`database`, `isolation_level`), in a module that binds sqlite3 as its
driver module (`import sqlite3 as Database`, the class attribute `dbapi =
Database`): `self.dbapi.connect(...)` is sqlite3's connect (the model reads the
attribute as the module), so the finding is at the connect, with the WAL
wrapper, and not at the `database` store. The HTTP client's settings
(`database` beside `url`) are not sqlite3's: not reported."""
import sqlite3 as Database
import threading


class Backend:
    dbapi = Database

    def __init__(self, path):
        self.params = {}
        self.params["database"] = path
        self.params["isolation_level"] = None
        self.client = {"database": "notes", "url": "http://example.invalid"}

    def open(self):
        return self.dbapi.connect(**self.params)


def write(backend, text):
    conn = backend.open()
    conn.execute("INSERT INTO notes(text) VALUES (?)", (text,))
    conn.close()


def main():
    backend = Backend("notes.db")
    for text in ("x", "y"):
        threading.Thread(target=write, args=(backend, text)).start()


if __name__ == "__main__":
    main()
