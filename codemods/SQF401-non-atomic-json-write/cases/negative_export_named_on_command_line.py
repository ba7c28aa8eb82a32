"""An export command: the file is the one the person names with --output, and
nothing in the module opens a file through that option again. The exporter
comes from a factory, so the call is matched by its name alone."""

import argparse
import json
import sqlite3


class Exporter:
    def __init__(self, conn):
        self.conn = conn

    @classmethod
    def open(cls, db_path):
        return cls(sqlite3.connect(db_path))

    def dump_notes(self, destination, tag=None):
        rows = self.conn.execute("SELECT id, body FROM notes WHERE tag IS ?", (tag,)).fetchall()
        with open(destination, "w", encoding="utf-8") as out:
            json.dump([{"id": r[0], "body": r[1]} for r in rows], out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="notes.db")
    parser.add_argument("--output", required=True)
    parser.add_argument("--tag")
    args = parser.parse_args()
    exporter = Exporter.open(args.db)
    exporter.dump_notes(args.output, args.tag)


if __name__ == "__main__":
    main()
