"""A converter claims one pending page per call: the loop over the
`LIMIT 1` query converts it, records the task's progress, commits and
returns, so the write runs once per call (one claimed page), not once per
page of a pass; quiet. The pass over a whole list of pages writes progress
on every page: reported."""
import sqlite3
import threading


def convert(page):
    return page.upper()


def claim_next(conn, task_id):
    for row in conn.execute(
        "SELECT id, page FROM pages WHERE task_id = ? AND done = 0 LIMIT 1", (task_id,)
    ):
        convert(row[1])
        conn.execute(
            "UPDATE tasks SET progress = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
            (row[0], task_id),
        )
        conn.commit()
        return True
    return False


def first_ready(conn, task_id, pages):
    for page in pages:
        convert(page)
        conn.execute("UPDATE tasks SET progress = ? WHERE id = ?", (page, task_id))
        conn.commit()
        break


def convert_all(conn, task_id, pages):
    for page in pages:
        convert(page)
        conn.execute(
            "UPDATE tasks SET progress = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
            (page, task_id),
        )
        conn.commit()


def worker(task_id, pages):
    conn = sqlite3.connect("tasks.db", timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    try:
        while claim_next(conn, task_id):
            pass
        first_ready(conn, task_id, pages)
        convert_all(conn, task_id, pages)
    finally:
        conn.close()


threading.Thread(target=worker, args=(1, ["a", "b"])).start()
