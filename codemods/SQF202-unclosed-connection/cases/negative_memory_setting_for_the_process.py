"""A server's session table lives in `:memory:` by default (a setting its user
may point at a file), one connection opened lazily for the manager's life; its
`close()` closes the cursor only. No file handle, no lock another connection
waits on, released at exit. The same with the default named by a constant,
and computed by a traitlets `@default` method."""
import sqlite3

from traitlets import Unicode, default
from traitlets.config import LoggingConfigurable

IN_MEMORY = ":memory:"


class SessionManager(LoggingConfigurable):
    database_filepath = Unicode(default_value=":memory:", config=True)

    _connection = None
    _cursor = None

    @property
    def cursor(self):
        if self._cursor is None:
            self._cursor = self.connection.cursor()
            self._cursor.execute("CREATE TABLE IF NOT EXISTS session (session_id, path, kernel_id)")
        return self._cursor

    @property
    def connection(self):
        if self._connection is None:
            self._connection = sqlite3.connect(self.database_filepath, isolation_level=None)
        return self._connection

    def close(self):
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    def __del__(self):
        self.close()

    def save_session(self, session_id, path, kernel_id):
        self.cursor.execute("INSERT INTO session VALUES (?, ?, ?)", (session_id, path, kernel_id))


class KernelRecords(LoggingConfigurable):
    records_path = Unicode(IN_MEMORY, config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._db = sqlite3.connect(self.records_path)

    def close(self):
        self._cursor = None


class TerminalRecords(LoggingConfigurable):
    records_path = Unicode(config=True)

    @default("records_path")
    def _default_records_path(self):
        return ":memory:"

    @property
    def db(self):
        if getattr(self, "_db", None) is None:
            self._db = sqlite3.connect(self.records_path)
        return self._db
