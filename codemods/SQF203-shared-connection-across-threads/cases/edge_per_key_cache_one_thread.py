"""A per-key connection cache with the default `check_same_thread` whose only
user is one long-lived worker thread: every connection is created and used
on that thread, so nothing crosses threads; not reported. The same cache
reached from that worker and from command threads would be."""
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


def writer(queue):
    store = ChannelStore("data")
    while True:
        channel, line = queue.get()
        store.add(channel, line)


def start(queue):
    threading.Thread(target=writer, args=(queue,), daemon=True).start()
