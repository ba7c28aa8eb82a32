"""The same per-pair cache as a context object's helpers, but both inserts of
the store helper tolerate a row already there: the worker that loses the race
keeps the first answer and goes on."""
import sqlite3
from multiprocessing import Pool

import requests


class Ctx:
    def __init__(self):
        self.conn = sqlite3.connect("facts.db", timeout=15)


def cached_fact(ctx, subject, fact):
    row = ctx.conn.execute(
        "SELECT answer FROM facts WHERE subject = ? AND fact = ?", (subject, fact)
    ).fetchone()
    return row[0] if row else None


def keep_fact(ctx, subject, fact, answer):
    with ctx.conn:
        ctx.conn.execute("INSERT OR IGNORE INTO subjects (id) VALUES (?)", (subject,))
        ctx.conn.execute(
            "INSERT OR IGNORE INTO facts (subject, fact, answer) VALUES (?, ?, ?)",
            (subject, fact, answer),
        )


def fact_of(ctx, subject, fact):
    answer = cached_fact(ctx, subject, fact)
    if answer is not None:
        return answer
    answer = requests.get(f"https://kb.example.org/{subject}/{fact}").text
    keep_fact(ctx, subject, fact, answer)
    return answer


def work(pairs):
    ctx = Ctx()
    return [fact_of(ctx, s, f) for s, f in pairs]


if __name__ == "__main__":
    with Pool(3) as pool:
        pool.map(work, [[("q1", "born")], [("q1", "born"), ("q2", "died")]])
