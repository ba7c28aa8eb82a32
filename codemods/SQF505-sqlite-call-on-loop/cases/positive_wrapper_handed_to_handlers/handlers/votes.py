async def on_vote(db, poll_id, user_id):
    # `db` is the bot's Database: its cursor runs each query on the event loop.
    cur = db.cursor()
    cur.execute("INSERT INTO votes (poll, user) VALUES (?, ?)", (poll_id, user_id))
    total = cur.execute("SELECT count(*) FROM votes WHERE poll = ?", (poll_id,)).fetchone()
    cur.close()
    return total


def label(db, poll_id):
    # A sync helper: not on the loop by itself.
    cur = db.cursor()
    return cur.execute("SELECT count(*) FROM votes WHERE poll = ?", (poll_id,)).fetchone()
