from abc import ABC, abstractmethod


class Audit:
    def __init__(self, db):
        self.db = db

    def log(self, message):
        self.db.write(message)


class Sink(ABC):
    @abstractmethod
    def put(self, message): ...


class FileSink(Sink):
    def put(self, message):
        print(message)


class DatabaseSink(Sink):
    def put(self, message):
        import sqlite3

        with sqlite3.connect("sink.db") as conn:
            conn.execute("INSERT INTO sink VALUES (?)", (message,))


class Relay:
    def __init__(self, sink: Sink):
        self.sink = sink

    def send(self, message):
        self.sink.put(message)
