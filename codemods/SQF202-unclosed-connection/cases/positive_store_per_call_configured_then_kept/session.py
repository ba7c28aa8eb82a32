"""The analysis session hands each checker the archive through archive(),
which imports the class where it is used and builds a new one per call; the
checkers run concurrently, each on its own thread."""
from __future__ import annotations

import asyncio


class AnalysisSession:
    def __init__(self, folder):
        self.folder = folder

    def archive(self):
        assert self.folder
        from archive import Archive

        return Archive(self.folder)


async def run_checker(session, name):
    def work():
        with session.archive().handle as db:
            db.execute("INSERT INTO entries VALUES (?, ?)", (name, "seen"))

    await asyncio.to_thread(work)


async def run_all(session, names):
    await asyncio.gather(*(run_checker(session, n) for n in names))


if __name__ == "__main__":
    asyncio.run(run_all(AnalysisSession("."), ["perm", "crypto", "net"]))
