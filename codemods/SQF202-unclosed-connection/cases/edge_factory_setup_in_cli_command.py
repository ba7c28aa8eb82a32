"""A setup factory called only by a command-line command (one process, one call,
closed at exit) is not reported; the same shape in a function the worker runs
is; its patch wraps the statements after the comment and the blank line."""
import argparse
import sqlite3
import threading


def init_db(args):
    conn = sqlite3.connect(args.db)
    conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    return conn


def open_queue(path):
    q = sqlite3.connect(path)
    # the queue table, created on first use

    q.execute("CREATE TABLE IF NOT EXISTS q (item TEXT)")
    return q


def worker():
    q = open_queue("q.db")
    try:
        q.execute("INSERT INTO q VALUES ('x')")
        q.commit()
    finally:
        q.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.set_defaults(func=init_db)
    args = parser.parse_args()
    conn = args.func(args)
    conn.close()
    threading.Thread(target=worker).start()


if __name__ == "__main__":
    main()
