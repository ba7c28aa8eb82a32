"""Applies a batch from the server: write the new note, drop the merged ones,
read back what was stored."""
from .database import Database


class NoteSync:
    def __init__(self, path):
        self.db = Database(path)

    async def apply(self, note_id, text, merged_ids):
        await self.db.in_db_thread(self.db.sql.upsert, note_id, text)
        self.db.sql.delete_many(merged_ids)
        return await self.db.in_db_thread(self.db.sql.text_of, note_id)

    async def forget(self, ids):
        self.db.sql.delete_many(ids=ids)
