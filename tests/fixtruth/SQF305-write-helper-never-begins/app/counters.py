def increment(store):
    with store.write_block() as conn:
        n = conn.execute("SELECT n FROM counter WHERE name = 'pages'").fetchone()[0]
        conn.execute("UPDATE counter SET n = ? WHERE name = 'pages'", (n + 1,))
