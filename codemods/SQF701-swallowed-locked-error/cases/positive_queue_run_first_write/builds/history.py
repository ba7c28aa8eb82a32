"""Build history: every run gets a row when it starts and is closed when it
ends. A short-lived aiosqlite connection per call."""

import aiosqlite

DB_FILE = "builds.db"


class BuildLog:
    def __init__(self, path=DB_FILE):
        self.path = path

    async def begin(self, build_id, target):
        async with aiosqlite.connect(self.path) as db:
            cur = await db.execute(
                "INSERT INTO build_runs (build_id, target, state) VALUES (?, ?, 'running')",
                (build_id, target),
            )
            await db.commit()
            return cur.lastrowid

    async def end(self, run_id, state, detail=""):
        async with aiosqlite.connect(self.path) as db:
            await db.execute(
                "UPDATE build_runs SET state = ?, detail = ? WHERE id = ?",
                (state, detail, run_id),
            )
            await db.commit()
