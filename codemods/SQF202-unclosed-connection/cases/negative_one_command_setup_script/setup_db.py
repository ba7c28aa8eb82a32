"""The setup script the README tells a person to run once: it creates the
tables and exits. Its connection is closed only on the success path, but the
process ends with the command; an exception ends it at once, and the exit
closes the connection. No other module imports it, so no long-lived process
runs `create()`. Not reported, although the service's threads write the same
file when it runs."""

import argparse
import sqlite3

DB = "notes.db"


def create(seed):
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS stats (count INTEGER)")
    if seed:
        conn.execute("INSERT INTO notes (body) VALUES ('welcome')")
    conn.commit()
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", action="store_true")
    create(parser.parse_args().seed)


if __name__ == "__main__":
    main()
