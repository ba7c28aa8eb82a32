import asyncio

from svc.analysis import ScratchSession, SharedSession


def count_rows(rows):
    session = ScratchSession()
    return session.load(rows)


class Server:
    def __init__(self):
        self.shared = SharedSession()

    async def count_tool(self, rows):
        return await asyncio.to_thread(count_rows, rows)

    async def refresh_tool(self, rows):
        await asyncio.to_thread(self.shared.refresh, rows)

    async def query_tool(self, sql):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.shared.query, sql)
