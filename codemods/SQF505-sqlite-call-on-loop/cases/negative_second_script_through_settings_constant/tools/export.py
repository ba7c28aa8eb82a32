"""Exports the bot's notes to CSV, run by hand while the bot runs: it opens the
bot's database through the same settings constant."""
import csv
import sqlite3
import sys

from bot import settings


def main():
    conn = sqlite3.connect(settings.DB_PATH)
    writer = csv.writer(sys.stdout)
    for row in conn.execute("SELECT author, text FROM notes"):
        writer.writerow(row)
    conn.close()


if __name__ == "__main__":
    main()
