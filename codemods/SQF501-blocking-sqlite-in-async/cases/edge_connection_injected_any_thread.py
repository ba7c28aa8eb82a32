"""The constructor's only caller opens the connection with
check_same_thread=False: the calls on it can move to a worker thread, under the
project's write lock (one block per coroutine, so transactions never interleave
on the shared connection)."""
import sqlite3


class EventLog:
    def __init__(self, conn) -> None:
        self.conn = conn

    async def record(self, kind: str) -> None:
        self.conn.execute("INSERT INTO events (kind) VALUES (?)", (kind,))
        self.conn.commit()


log = EventLog(sqlite3.connect("events.db", check_same_thread=False))
