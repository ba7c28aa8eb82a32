import db
from worker import mark_done


def run():
    for job_id, _url in db.fetch_pending():
        mark_done(job_id)
        db.conn.commit()
