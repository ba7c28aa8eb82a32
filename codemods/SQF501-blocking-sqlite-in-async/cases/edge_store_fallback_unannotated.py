"""The parameter has no annotation and no caller passes it, so only the
fallback of `store or NoteStore(...)` says what the store is: a SQLite store,
called inline on the loop. Threads of the same program write the same file."""

import sqlite3
import threading

from aiohttp import web


class NoteStore:
    def __init__(self, path):
        self.path = path

    def add(self, text):
        conn = sqlite3.connect(self.path)
        with conn:
            conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
            conn.execute("UPDATE stats SET notes = notes + 1")
        conn.close()


class Notes:
    def __init__(self, store=None):
        self.store = store or NoteStore("notes.db")

    async def add(self, text):
        self.store.add(text)


def nightly_import(lines):
    store = NoteStore("notes.db")
    for line in lines:
        store.add(line)


async def handle(request):
    await Notes().add(await request.text())
    return web.Response(text="ok")


app = web.Application()
app.router.add_post("/notes", handle)
threading.Thread(target=nightly_import, args=(open("import.txt"),), daemon=True).start()
