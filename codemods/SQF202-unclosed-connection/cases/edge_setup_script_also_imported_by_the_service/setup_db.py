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
