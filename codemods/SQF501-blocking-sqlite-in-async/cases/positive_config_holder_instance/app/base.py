import sqlite3


class BaseDb:
    def __init__(self, path="events.db"):
        self.conn = sqlite3.connect(path)
