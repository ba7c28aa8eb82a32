"""The README tells the operator to run this every Monday, while the service
runs: its findings stand."""
import sqlite3


def main():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE hits SET reported = 1")
        conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    main()
