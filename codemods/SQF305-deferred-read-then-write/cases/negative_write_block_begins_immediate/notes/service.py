"""The service: prunes tags that no note uses any more, and bumps a counter."""
from notes.store import NoteStore

store = NoteStore("notes.db")


def prune_tags(candidates):
    with store.write_block() as conn:
        marks = ",".join("?" * len(candidates))
        used = {r[0] for r in conn.execute(
            f"SELECT tag_id FROM note_tags WHERE tag_id IN ({marks})", candidates)}
        builtin = {r[0] for r in conn.execute("SELECT id FROM tags WHERE builtin = 1")}
        removable = [t for t in candidates if t not in used and t not in builtin]
        for tag_id in removable:
            conn.execute("DELETE FROM tag_aliases WHERE tag_id = ?", (tag_id,))
            conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
        return removable


def rename_tag(tag_id, name):
    # Writes only: nothing read first.
    with store.write_block() as conn:
        conn.execute("UPDATE tags SET name = ? WHERE id = ?", (name, tag_id))
