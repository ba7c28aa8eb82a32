"""A release check run by hand on a scratch database: a process of its own with
nothing in it that starts a thread. No finding."""
import sqlite3
import sys


def main(path):
    conn = sqlite3.connect(path)
    try:
        print(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("INSERT INTO checks DEFAULT VALUES")
        conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    main(sys.argv[1])
