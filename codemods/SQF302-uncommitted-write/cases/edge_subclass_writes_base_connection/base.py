import sqlite3


class BaseDb:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
