"""The job row's progress and timestamp are rewritten for every item while the
items' results go elsewhere in one transaction at the end: the job row is a
progress write taking the lock once per item. Reported."""
import sqlite3

DB_PATH = "jobs.db"


def summarize(text):
    return text[:100]


def run_job(job_id, docs):
    conn = sqlite3.connect(DB_PATH)
    results = []
    for i, doc in enumerate(docs):
        results.append(summarize(doc))
        conn.execute(
            "UPDATE jobs SET progress = ?, last_error = NULL, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
            (i / len(docs), job_id),
        )
        conn.commit()
    conn.close()
    return results
