"""Several threads post entries through the configured driver."""
import threading

from .sqlite_driver import SqliteDriver


def post(settings, amount):
    conn = SqliteDriver(settings).connect()
    with conn:
        conn.execute("INSERT INTO entries(amount) VALUES (?)", (amount,))
    conn.close()


def main():
    settings = {"NAME": "ledger.db"}
    for amount in range(8):
        threading.Thread(target=post, args=(settings, amount)).start()


if __name__ == "__main__":
    main()
