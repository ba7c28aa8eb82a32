"""A program with one argparse command line: `serve` polls a job table forever
beside a worker thread (a service: its connection needs WAL and a busy timeout),
`reset` and the `--vacuum` option each do one job and exit (one-shot commands,
on their own files here: nothing else writes them while they run, and Python's
default 5 s wait covers a reader that might)."""

import argparse
import sqlite3
import threading
import time


def work():
    con = sqlite3.connect("jobs.db")
    con.execute("UPDATE jobs SET done = 1 WHERE done = 0")
    con.commit()


def serve(args):
    threading.Thread(target=work, daemon=True).start()
    con = sqlite3.connect("jobs.db")
    while True:
        con.execute("INSERT INTO heartbeat (at) VALUES (?)", (time.time(),))
        con.commit()
        time.sleep(1)


def reset(args):
    con = sqlite3.connect("archive.db")
    con.execute("DELETE FROM jobs")
    con.commit()
    con.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vacuum", action="store_true")
    sub = parser.add_subparsers()
    sub.add_parser("serve").set_defaults(func=serve)
    sub.add_parser("reset").set_defaults(func=reset)
    args = parser.parse_args()
    if args.vacuum:
        con = sqlite3.connect("reports.db")
        con.execute("VACUUM")
        con.close()
        return
    args.func(args)


if __name__ == "__main__":
    main()
