"""Edge: an upsert by hand whose update is decided by what the row holds, not by
whether it came back (`if row and row[1] < limit:`): two callers both pass the
check on the same stale value, so it stays reported. The same function's
update of another key than the one read (the row of the caller's team, not
the one looked up) also stays reported."""

import sqlite3
import threading

DB = "quota.db"


def spend(user_id, limit, item):
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT rowid, used FROM quota WHERE uid = ?", (user_id,)).fetchone()
    if row and row[1] < limit:
        conn.execute("UPDATE quota SET last_item = ? WHERE rowid = ?", (item, row[0]))
    conn.commit()
    conn.close()


def rename_team(user_id, team_id, title):
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT team FROM members WHERE uid = ?", (user_id,)).fetchone()
    if row:
        conn.execute("UPDATE members SET title = ? WHERE team = ?", (title, team_id))
    conn.commit()
    conn.close()


def serve():
    for n in range(8):
        threading.Thread(target=spend, args=(n, 10, "tea")).start()
        threading.Thread(target=rename_team, args=(n, 1, "x")).start()


if __name__ == "__main__":
    serve()
