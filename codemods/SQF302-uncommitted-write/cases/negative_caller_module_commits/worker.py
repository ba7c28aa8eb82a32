import db


def mark_done(job_id):
    db.conn.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (job_id,))
