"""Callers that read and write through the helper, but never a write that
rests on a read: only the reads of `count_then_log` come first, and its write
logs a constant event. Nothing to report."""
from notes.store import NoteStore

store = NoteStore("notes.db")


def rename_tag(tag_id, name):
    with store.write_block() as conn:
        conn.execute("UPDATE tags SET name = ? WHERE id = ?", (name, tag_id))


def touch(note_id):
    with store.write_block() as conn:
        conn.execute("UPDATE notes SET seen = seen + 1 WHERE id = ?", (note_id,))
