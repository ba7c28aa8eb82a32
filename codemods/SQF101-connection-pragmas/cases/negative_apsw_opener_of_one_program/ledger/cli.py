import sys

from ledger.store import open_store


def main():
    conn = open_store()
    with conn:
        conn.execute("INSERT INTO entries (amount) VALUES (?)", (sys.argv[1],))


if __name__ == "__main__":
    main()
