"""Song lyrics looked up through a shared cache file by a pool of worker
processes: each worker opens its own connection, asks the cache, and on a miss
fetches from the web and stores the answer with a plain INSERT."""
import json
import sqlite3
from multiprocessing import Pool

import requests

CACHE = "lyrics_cache.db"


def open_cache():
    conn = sqlite3.connect(CACHE, timeout=30)
    conn.execute("CREATE TABLE IF NOT EXISTS answers (query TEXT PRIMARY KEY, body TEXT)")
    return conn


def cached_answer(conn, query):
    row = conn.execute("SELECT body FROM answers WHERE query = ?", (query,)).fetchone()
    return json.loads(row[0]) if row else None


def store_answer(conn, query, answer):
    with conn:
        conn.execute("INSERT INTO answers VALUES (?, ?)", (query, json.dumps(answer)))


def lyrics_for(conn, query):
    hit = cached_answer(conn, query)
    if hit is not None:
        return hit
    answer = requests.get("https://lyrics.example.org/search", params={"q": query}).json()
    store_answer(conn, query, answer)
    return answer


def work(queries):
    conn = open_cache()
    return [lyrics_for(conn, q) for q in queries]


if __name__ == "__main__":
    batches = [["song a", "song b"], ["song b", "song c"]]
    with Pool(4) as pool:
        print(pool.map(work, batches))
