"""A one-loop notes service whose uploads run as concurrent tasks: each saves its note through a helper that
opens its own connection, writes one keyed row, commits and closes. Nothing
else opens the file."""
import asyncio
import sqlite3


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (name TEXT PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


def save_note(path, name, body):
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT OR REPLACE INTO notes (name, body) VALUES (?, ?)", (name, body))
        conn.commit()
    finally:
        conn.close()


async def upload(path, name):
    save_note(path, name, name.upper())
    return name


async def main(path, names):
    init(path)
    # The uploads run as concurrent tasks: a statement on the loop's thread
    # holds up the others.
    return list(await asyncio.gather(*(upload(path, n) for n in names)))


if __name__ == "__main__":
    print(asyncio.run(main("notes.db", ["a", "b"])))
