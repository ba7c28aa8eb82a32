"""After recording a lookup in the database, the function refreshes a cache
file of rendered answers through a helper named for the cache. A crash between
the two leaves the cache one answer behind; the next lookup misses and renders
it again, and nothing resumes work from that file. The second function writes
a real checkpoint the same way and stays reported."""

import json
import sqlite3


def write_answer_cache(user_id, text):
    with open(f"answers-{user_id}.json", "w", encoding="utf-8") as f:
        json.dump({"user": user_id, "text": text}, f)


def write_progress(job_id, state):
    with open(f"job-{job_id}.json", "w", encoding="utf-8") as f:
        json.dump(state, f)


def answer(conn: sqlite3.Connection, user_id, question):
    conn.execute("INSERT INTO lookups (user_id, question) VALUES (?, ?)", (user_id, question))
    conn.commit()
    text = question.upper()
    write_answer_cache(user_id, text)
    return text


def advance(conn: sqlite3.Connection, job_id, state):
    conn.execute("UPDATE jobs SET stage = ? WHERE id = ?", (state["stage"], job_id))
    conn.commit()
    write_progress(job_id, state)
