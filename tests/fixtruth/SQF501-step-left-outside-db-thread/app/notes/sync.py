from .database import Database


class NoteSync:
    def __init__(self, path):
        self.db = Database(path)

    async def apply(self, note_id, text, merged_ids):
        self.db.sql.delete_many(merged_ids)
        await self.db.in_db_thread(self.db.sql.upsert, note_id, text)
        return await self.db.in_db_thread(self.db.sql.ids)
