"""SQLite's driver: the parameters are sqlite3's (`detect_types`,
`check_same_thread` only it takes) and nothing sets a timeout or WAL: reported
on the dict, where the connection's settings are chosen."""
import sqlite3

from .base import Driver


class SqliteDriver(Driver):
    dbapi = sqlite3

    def connection_params(self):
        return {
            "database": self.settings["NAME"],
            "detect_types": sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
            "check_same_thread": False,
        }
