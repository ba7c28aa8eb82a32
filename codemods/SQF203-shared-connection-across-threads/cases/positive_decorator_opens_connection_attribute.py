"""A repository whose decorator opens `self.conn` for each call and closes it
afterwards. One repository object serves the import threads: a second call
replaces the first call's connection, and the first to finish closes both."""
import functools
import sqlite3
import threading


def connected(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        self.conn = sqlite3.connect(self.path, timeout=5)
        try:
            result = method(self, *args, **kwargs)
            self.conn.commit()
            return result
        finally:
            self.conn.close()

    return wrapper


class Contacts:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @connected
    def add(self, name, email):
        self.conn.execute("INSERT INTO contacts (name, email) VALUES (?, ?)", (name, email))

    @connected
    def count(self):
        return self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]


CONTACTS = Contacts("contacts.db")


def import_rows(rows):
    for name, email in rows:
        CONTACTS.add(name, email)


def import_all(chunks):
    threads = [threading.Thread(target=import_rows, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return CONTACTS.count()
