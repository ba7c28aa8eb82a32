# Two Qt workers that do not pile up connections: one closes its run's
# connection in `finally`, the other opens one only when none is parked yet.
import sqlite3

from PySide6.QtCore import QThread, Signal


class Closing(QThread):
    done = Signal(object)

    def __init__(self, path, job):
        super().__init__()
        self.path = path
        self.job = job
        self._conn = None

    def run(self):
        self._conn = sqlite3.connect(self.path)
        try:
            self.done.emit(self.job(self._conn))
        finally:
            self._conn.close()


class Reusing(QThread):
    done = Signal(object)

    def __init__(self, path, job):
        super().__init__()
        self.path = path
        self.job = job
        self._conn = None

    def run(self):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, check_same_thread=False)
        self.done.emit(self.job(self._conn))
