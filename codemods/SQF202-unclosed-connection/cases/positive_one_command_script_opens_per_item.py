"""A command-line tool that stamps a version into every database named on its
command line and exits. It runs one command, but it opens a connection per
file and never closes any: they pile up, one descriptor and one write lock per
file, until the garbage collector or the exit. Reported (the per-item opening
outweighs the short run)."""

import argparse
import sqlite3


def stamp(paths, version):
    for path in paths:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE IF NOT EXISTS meta (version TEXT)")
        conn.execute("INSERT INTO meta VALUES (?)", (version,))
        conn.commit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("version")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    stamp(args.paths, args.version)


if __name__ == "__main__":
    main()
