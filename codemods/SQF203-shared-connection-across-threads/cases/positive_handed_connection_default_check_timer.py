"""The default check_same_thread: a connection opened in the constructor and
handed to a repository object; a `threading.Timer` later runs the flush, on
the timer's own thread, through the repository, where every use raises
ProgrammingError."""
import sqlite3
import threading


class EventRepository:
    def __init__(self, connection):
        self.connection = connection

    def insert_many(self, rows):
        self.connection.executemany("INSERT INTO events VALUES (?, ?)", rows)
        self.connection.commit()


class Recorder:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.events = EventRepository(connection=self.conn)
        self.pending = []

    def record(self, at, kind):
        self.pending.append((at, kind))

    def flush(self):
        rows, self.pending = self.pending, []
        self.events.insert_many(rows)

    def start(self):
        threading.Timer(30.0, self.flush).start()
