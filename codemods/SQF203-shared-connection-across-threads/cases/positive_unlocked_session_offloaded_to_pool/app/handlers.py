"""Concurrent handlers each send one call to the executor's pool: two calls
overlap on the one connection, and one's commit lands on the other's work."""
import asyncio

from app.store import NoteStore

_store = None


def get_store():
    global _store
    if _store is None:
        _store = NoteStore("notes.db")
    return _store


async def add_note(body):
    store = get_store()
    await asyncio.to_thread(store.add, body)


async def remove_note(note_id):
    store = get_store()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, store.remove, note_id)
