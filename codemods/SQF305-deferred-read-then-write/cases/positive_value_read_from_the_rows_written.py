"""Lost updates need the written value to rest on what was read of the rows
being written (or of a source this same code changes meanwhile):

- a count copied into a summary while the same endpoint adds to the counted
  table: a concurrent call adds a row between this call's count and its copy,
  and the older count lands last;
- a check-then-insert with a plain INSERT of a constant: both calls insert."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "stars.db"


@app.post("/posts/{post_id}/star/{user}")
def star(post_id: int, user: str):
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT OR IGNORE INTO stars (post_id, user) VALUES (?, ?)", (post_id, user))
    conn.commit()
    count = conn.execute("SELECT COUNT(*) FROM stars WHERE post_id = ?", (post_id,)).fetchone()[0]
    conn.execute("UPDATE posts SET star_count = ? WHERE id = ?", (count, post_id))
    conn.commit()
    conn.close()


@app.post("/welcome")
def welcome_once():
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT 1 FROM notices WHERE kind = 'welcome'").fetchone()
    if row is None:
        conn.execute("INSERT INTO notices (kind, body) VALUES ('welcome', 'hello')")
        conn.commit()
    conn.close()
