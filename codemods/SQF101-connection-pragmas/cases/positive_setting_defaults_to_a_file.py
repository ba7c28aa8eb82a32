"""The same kind of setting, but its declared default is a file on disk that
the server's request handlers write: the rollback journal applies."""
import sqlite3

from traitlets import Unicode
from traitlets.config import LoggingConfigurable


class SessionManager(LoggingConfigurable):
    database_filepath = Unicode(default_value="sessions.db", config=True)

    _connection = None

    @property
    def connection(self):
        if self._connection is None:
            self._connection = sqlite3.connect(self.database_filepath)
        return self._connection

    def save_session(self, session_id, path):
        self.connection.execute("INSERT INTO session VALUES (?, ?)", (session_id, path))
        self.connection.commit()
