"""A thread subclass uses a store whose connection (opened into a local, kept on
`self`) allows any thread and whose every use is under one lock: threads take
turns, nothing crosses unguarded."""
import sqlite3
import threading


class Journal:
    def __init__(self, path):
        conn = sqlite3.connect(path, check_same_thread=False)
        self.conn = conn
        self.lock = threading.RLock()

    def append(self, line):
        with self.lock:
            self.conn.execute("INSERT INTO lines VALUES (?)", (line,))
            self.conn.commit()


class Tailer(threading.Thread):
    def __init__(self, journal, lines):
        super().__init__()
        self.journal = journal
        self.lines = lines

    def run(self):
        for line in self.lines:
            self.journal.append(line)


def follow(lines):
    journal = Journal("journal.db")
    tailer = Tailer(journal, lines)
    tailer.start()
    journal.append("started")
    tailer.join()
