"""Helpers of a small library that are handed its `Notes` object. `put_note`
leaves the commit to its callers; two of them wrap it in `with notes.conn:`,
but `fetch_note` calls it bare after a download and returns with the write
transaction open. The library starts no workers itself: the applications that
share a `Notes` between threads or processes are the ones that wait."""
import requests


def put_note(notes, note_id, text):
    notes.conn.execute("INSERT OR REPLACE INTO notes (id, text) VALUES (?, ?)", (note_id, text))


def import_notes(notes, rows):
    with notes.conn:
        for note_id, text in rows:
            put_note(notes, note_id, text)


def edit_note(notes, note_id, text):
    with notes.conn:
        put_note(notes, note_id, text)


def fetch_note(notes, note_id):
    for (text,) in notes.conn.execute("SELECT text FROM notes WHERE id = ?", (note_id,)):
        return text
    text = requests.get("https://notes.example.org/" + note_id).text
    put_note(notes, note_id, text)
    return text
