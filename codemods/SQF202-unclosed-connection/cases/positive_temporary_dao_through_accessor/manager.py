"""The manager hands out a new DAO per call. Its upgrade step takes the DAO's
connection from a chain (`self.get_dao().connect()`), alters the table and
commits, and never closes it: the DAO is gone and nobody can."""
from dao import RunDAO


class Manager:
    def __init__(self, path):
        self.path = path

    def get_dao(self):
        return RunDAO(self.path)

    def upgrade(self):
        conn = self.get_dao().connect()
        conn.execute("ALTER TABLE runs ADD COLUMN note TEXT")
        conn.commit()
