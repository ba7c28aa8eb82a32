# A QThread worker: run() opens a connection through the project helper and
# parks it on self; each start replaces the last run's, nothing closes it.
from PyQt5.QtCore import QThread, pyqtSignal

from dbutil import get_sql_connection


class DbWorker(QThread):
    done = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, conn, function):
        super().__init__()
        self.db_file = conn.execute("PRAGMA database_list").fetchone()[2]
        self.function = function
        self._async_conn = None

    def run(self):
        self._async_conn = get_sql_connection(self.db_file)
        try:
            result = self.function(self._async_conn)
        except Exception as e:
            self.failed.emit(str(e))
            return
        self.done.emit(result)
