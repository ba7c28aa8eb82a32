"""A one-user command-line tool merges settings through its getter and writes
them in its write context. One process, no threads, no tasks: nobody can write
between the read and the write. Not reported."""
import argparse
import json
import sqlite3
from contextlib import contextmanager


class Config:
    def __init__(self, path):
        self.path = path

    @contextmanager
    def _open(self):
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def load(self, section):
        with self._open() as conn:
            row = conn.execute("SELECT body FROM config WHERE section = ?", (section,)).fetchone()
        return json.loads(row[0]) if row else {}

    def set(self, section, key, value):
        body = self.load(section)
        body[key] = value
        with self._open() as conn:
            conn.execute("UPDATE config SET body = ? WHERE section = ?", (json.dumps(body), section))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("section")
    parser.add_argument("key")
    parser.add_argument("value")
    args = parser.parse_args()
    Config("config.db").set(args.section, args.key, args.value)


if __name__ == "__main__":
    main()
