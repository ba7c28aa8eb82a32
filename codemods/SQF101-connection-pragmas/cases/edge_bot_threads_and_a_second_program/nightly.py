"""Run by cron every night (see crontab): archives old reminders."""

import sqlite3
import time

DB = "reminders.db"


def main():
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM reminders WHERE sent = 1 AND due < ?", (time.time() - 30 * 86400,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
