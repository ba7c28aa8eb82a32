# A threading.Thread runs run() once per object (a second start() raises):
# its parked connection is one per instance, not one per run, so the
# per-run rule stays silent; whether instances come and go is the
# owner-class rule's question (here one instance is built for the process).
import sqlite3
import threading


class Loader(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path

    def run(self):
        self._conn = sqlite3.connect(self.path)
        for (n,) in self._conn.execute("SELECT count(*) FROM items"):
            print(n)


LOADER = Loader("items.db")
