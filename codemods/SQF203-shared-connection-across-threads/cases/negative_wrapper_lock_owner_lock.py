"""Table wrappers that share a connection the right way: the owner of the
connection holds the one lock, every wrapper takes that lock, and each
statement runs on a cursor of its own. A second family of wrappers keeps its
lock on the class, so every instance takes the same one."""
import sqlite3
import threading


class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()


class Table:
    def __init__(self, database, name):
        self.database = database
        self.name = name

    def insert(self, value):
        with self.database.lock:
            self.database.conn.execute(f"INSERT INTO {self.name} VALUES (?)", (value,))
            self.database.conn.commit()


class CountedTable:
    serial = threading.Lock()

    def __init__(self, conn, name):
        self.conn = conn
        self.name = name

    def bump(self):
        with self.serial:
            self.conn.execute(f"UPDATE {self.name} SET n = n + 1")
            self.conn.commit()


db = Database("app.db")
users = Table(db, "users")
groups = Table(db, "groups")
hits = CountedTable(db.conn, "hits")
misses = CountedTable(db.conn, "misses")


def work():
    users.insert(1)
    groups.insert(2)
    hits.bump()
    misses.bump()


def main():
    for _ in range(3):
        threading.Thread(target=work).start()
