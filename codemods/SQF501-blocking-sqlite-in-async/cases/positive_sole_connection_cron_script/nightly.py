"""Run by cron every night: halves everyone's points in one transaction."""
import sqlite3

from bot.storage import DB_FILE


def main():
    conn = sqlite3.connect(DB_FILE)
    conn.execute("UPDATE members SET points = points / 2 WHERE points > 0")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
