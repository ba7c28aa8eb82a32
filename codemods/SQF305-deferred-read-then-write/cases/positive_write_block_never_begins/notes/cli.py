"""A command-line tool run next to the service, on the same file."""
import sys

from notes.store import NoteStore


def main():
    store = NoteStore("notes.db")
    with store.write_block() as conn:
        conn.execute("INSERT INTO note_tags (note_id, tag_id) VALUES (?, ?)", (sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
