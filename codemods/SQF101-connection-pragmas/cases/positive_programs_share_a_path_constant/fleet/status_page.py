"""A status page the operator runs beside the daemon."""
import sqlite3

from fleet import settings


def agents():
    conn = sqlite3.connect(settings.STATE_DB)
    try:
        return conn.execute("SELECT name, last_seen FROM agents").fetchall()
    finally:
        conn.close()


def main():
    for name, seen in agents():
        print(name, seen)


if __name__ == "__main__":
    main()
