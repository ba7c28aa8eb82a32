"""An audit trail opened by `start()` for any thread and written by the pump
threads through a parameter nothing types: the threads are seen, the object
they are handed is not, and its methods share the connection with no lock."""
import queue
import sqlite3
import threading


class AuditTrail:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def start(self):
        self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def record(self, actor, action):
        self.conn.execute("INSERT INTO audit (actor, action) VALUES (?, ?)", (actor, action))
        self.conn.commit()

    def last(self, actor):
        return self.conn.execute(
            "SELECT action FROM audit WHERE actor = ? ORDER BY rowid DESC LIMIT 1", (actor,)
        ).fetchone()


def pump(events, sink):
    while True:
        actor, action = events.get()
        sink.record(actor, action)


def main():
    trail = AuditTrail("audit.db")
    trail.start()
    events = queue.Queue()
    for _ in range(4):
        threading.Thread(target=pump, args=(events, trail), daemon=True).start()
    print(trail.last("admin"))
