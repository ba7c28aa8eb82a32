"""An index whose connection the constructor opens (default check_same_thread);
the servers in other modules build it once and answer requests on threads of
their own, each of which raises ProgrammingError at its first query."""
import sqlite3


class SymbolIndex:
    def __init__(self, db_path):
        self.connection = sqlite3.connect(db_path)

    def search(self, name):
        cur = self.connection.cursor()
        cur.execute("SELECT file, line FROM symbols WHERE name = ?", (name,))
        return cur.fetchall()

    def generate_cache(self, rows):
        self.connection.executemany("INSERT INTO symbols VALUES (?, ?, ?)", rows)
        self.connection.commit()
