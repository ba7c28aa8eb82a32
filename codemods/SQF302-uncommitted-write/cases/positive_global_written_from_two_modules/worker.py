import threading

import db


def mark_done(job_id):
    db.conn.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (job_id,))


def run():
    for job_id, _url in db.fetch_pending():
        mark_done(job_id)


def start():
    threading.Thread(target=run, daemon=True).start()
