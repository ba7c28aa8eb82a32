"""One `main()` for three sub-commands: `init` creates the tables, `serve`
starts the worker threads, `repair` rewrites rows. Everything in `main()`
before its first call that may start the program's running part (`serve_all()`)
counts as start-up: the `init` step's connection, closed only on its success
path, is not reported. The `repair` step comes after that call in the
function, so it is not taken for start-up code (the model reads the order of
the calls, not which branch runs): reported, beside the worker threads."""

import argparse
import sqlite3
import threading

DB = "queue.db"


def init_tables():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, state TEXT)")
    conn.commit()
    conn.close()


def work():
    conn = sqlite3.connect(DB, timeout=30)
    try:
        conn.execute("UPDATE jobs SET state = 'running' WHERE state = 'queued'")
        conn.execute("UPDATE jobs SET state = 'done' WHERE state = 'running'")
        conn.commit()
    finally:
        conn.close()


def serve_all():
    for _ in range(4):
        threading.Thread(target=work).start()


def repair_states():
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'")
    conn.commit()
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["init", "serve", "repair"])
    args = parser.parse_args()
    if args.command == "init":
        init_tables()
    elif args.command == "serve":
        serve_all()
    else:
        repair_states()


if __name__ == "__main__":
    main()
