"""The same `with sqlite3.connect(...) as conn:` helper as in
negative_with_connect_holds_nothing_one_thread, but run by a pool's worker
threads: there the garbage collector's young passes fall behind and the dropped
connections' descriptors pile up by the thousand (8 threads, 20,000 calls: several
thousand open at once) until "Too many open files"
(docs/sqlite-facts.md#F-dropped-handles)."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "bot.db"
pool = ThreadPoolExecutor(max_workers=8)


def add_points(user_id, points):
    with sqlite3.connect(DB) as conn:
        conn.execute("UPDATE scores SET points = points + ? WHERE user = ?", (points, user_id))
        row = conn.execute("SELECT points FROM scores WHERE user = ?", (user_id,)).fetchone()
    return row[0] if row else 0


def award_all(user_ids):
    return [pool.submit(add_points, u, 1) for u in user_ids]
