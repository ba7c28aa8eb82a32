"""A plugin's store caches one `sqlite3.connect(file)` per channel in a dict
the first time any thread asks for that channel, with the default
`check_same_thread=True`. Commands are dispatched on their own threads and a
scheduler thread flushes the channels: the second thread to use a channel gets
a connection another thread created and fails with `ProgrammingError`
("SQLite objects created in a thread can only be used in that same thread")."""
import sqlite3
import threading


class ChannelStore:
    def __init__(self, folder):
        self.folder = folder
        self._conns = {}

    def _db(self, channel):
        if channel not in self._conns:
            self._conns[channel] = sqlite3.connect(f"{self.folder}/{channel}.db")
        return self._conns[channel]

    def add(self, channel, line):
        db = self._db(channel)
        db.execute("INSERT INTO log (line) VALUES (?)", (line,))
        db.commit()

    def flush(self):
        for channel in list(self._conns):
            self._db(channel).execute("DELETE FROM log WHERE age > 7")
            self._db(channel).commit()


STORE = ChannelStore("data")


def on_command(channel, line):
    threading.Thread(target=STORE.add, args=(channel, line)).start()


def scheduler():
    while True:
        STORE.flush()


threading.Thread(target=scheduler, daemon=True).start()
