async def count(store, key):
    # Callers pass a Database and a Memo: what `store` is stays unknown, no finding.
    cur = store.cursor()
    return cur.execute("SELECT count(*) FROM kv WHERE key = ?", (key,)).fetchone()


async def count_db(db, key):
    # Only a Database is ever passed here.
    cur = db.cursor()
    return cur.execute("SELECT count(*) FROM kv WHERE key = ?", (key,)).fetchone()
