"""Run weekly by the crontab in deploy/ while the service runs: a second
party of the service's database, so its findings stand."""
import sqlite3


def main():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("DELETE FROM hits WHERE seen = 1")
        conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    main()
