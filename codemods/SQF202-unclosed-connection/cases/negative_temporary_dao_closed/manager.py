"""The same manager, with callers that own what they get: one uses the DAO as a
`with closing(...)` block, one keeps it and closes it in a `finally`, and one
closes the connection the chain hands back. A method that returns the DAO to
its caller leaves closing to that caller."""
import threading
import time
from contextlib import closing

from dao import RunDAO


class Manager:
    def __init__(self, path):
        self.path = path

    def get_dao(self):
        return RunDAO(self.path)

    def dao_for_caller(self):
        return self.get_dao()

    def mode(self):
        with closing(self.get_dao()) as dao:
            return dao.select_mode()

    def mode_kept(self):
        dao = self.get_dao()
        try:
            return dao.select_mode()
        finally:
            dao.close()

    def upgrade(self):
        conn = self.get_dao().connect()
        try:
            conn.execute("ALTER TABLE runs ADD COLUMN note TEXT")
            conn.commit()
        finally:
            conn.close()

    def serve(self):
        while True:
            threading.Thread(target=self.mode).start()
            threading.Thread(target=self.mode_kept).start()
            threading.Thread(target=self.upgrade).start()
            time.sleep(5)
