"""The lookup is called under the lock by one method and without it by another,
but no thread ever reaches the object: a command-line tool builds it and calls
both methods in turn on the main thread. A lock alone is no second party here:
with one thread nothing interleaves, so the unguarded call is not reported."""
import sqlite3
import sys
import threading


class Catalog:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False)

    def lookup(self, name):
        return self.db.execute("SELECT id FROM items WHERE name = ?", (name,)).fetchone()

    def delete_row(self, name):
        self.db.execute("DELETE FROM items WHERE name = ?", (name,))
        self.db.commit()

    def show(self, name):
        with self.lock:
            return self.lookup(name)

    def remove(self, name):
        if self.lookup(name) is None:
            return False
        with self.lock:
            self.delete_row(name)
        return True


def main():
    catalog = Catalog(sys.argv[1])
    print(catalog.show(sys.argv[2]))
    catalog.remove(sys.argv[2])


if __name__ == "__main__":
    main()
