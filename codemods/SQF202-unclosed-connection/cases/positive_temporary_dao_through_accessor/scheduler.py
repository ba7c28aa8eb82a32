"""A scheduler's restart path reads the mode through a temporary DAO, used
inline and dropped; restarts happen many times in the life of the service,
whose worker threads use the same database."""
import threading
import time

from manager import Manager


class Scheduler:
    def __init__(self, path):
        self.db_mgr = Manager(path)

    def restart(self):
        mode = self.db_mgr.get_dao().select_mode()
        return mode

    def record_tick(self, when):
        # `with <connection>:` commits; the DAO and its connection stay open.
        with self.db_mgr.get_dao().connect() as conn:
            conn.execute("INSERT INTO ticks (at) VALUES (?)", (when,))

    def serve(self):
        while True:
            threading.Thread(target=self.restart).start()
            self.record_tick(time.time())
            time.sleep(5)
