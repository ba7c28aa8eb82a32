"""Run by cron every night: halves everyone's points in one transaction."""
import sqlite3

from bot.storage import DB_FILE


def main():
    conn = sqlite3.connect(DB_FILE)
    rows = conn.execute("SELECT id, points FROM members WHERE points > 0").fetchall()
    for member_id, pts in rows:
        conn.execute("UPDATE members SET points = ? WHERE id = ?", (pts // 2, member_id))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
