async def on_vote(db, poll_id, user_id):
    # An aiosqlite connection: its cursor's calls are awaited, nothing blocks.
    cur = await db.cursor()
    await cur.execute("INSERT INTO votes (poll, user) VALUES (?, ?)", (poll_id, user_id))
    await db.conn.commit()


async def describe(db, poll_id):
    # A method that returns no connection: `db.path` is a file name.
    return db.path
