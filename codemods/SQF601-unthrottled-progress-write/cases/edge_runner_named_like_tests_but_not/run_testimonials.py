"""A production importer whose file name only starts like a test runner's
(`run_testimonials`): it is no test code, and its per-item status write is
reported."""

import sqlite3

conn = sqlite3.connect("site.db")


def render(item):
    return item.upper()


def import_testimonials(job_id, items):
    for n, item in enumerate(items):
        render(item)
        conn.execute("UPDATE jobs SET progress = ? WHERE id = ?", (n, job_id))
        conn.commit()
