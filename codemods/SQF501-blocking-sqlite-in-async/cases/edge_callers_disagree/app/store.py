import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def write(self, message):
        self.conn.execute("INSERT INTO log(message) VALUES (?)", (message,))
        self.conn.commit()


class MemoryLog:
    def write(self, message):
        print(message)
