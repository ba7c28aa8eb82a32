"""Async tool handlers hand the session's methods to the default executor:
each call runs on some pool worker, not on the thread that opened the
connection, so the same-thread check raises ProgrammingError."""
import asyncio

from tools.analysis import AnalysisSession


class ToolServer:
    def __init__(self):
        self.session = AnalysisSession()

    async def refresh_tool(self, name, rows):
        await asyncio.to_thread(self.session.refresh, name, rows)
        return "ok"

    async def describe_tool(self, name):
        return await asyncio.to_thread(self.session.describe, name)

    async def query_tool(self, sql):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.session.query, sql)


async def main():
    server = ToolServer()
    await asyncio.gather(server.refresh_tool("t", [1, 2]), server.describe_tool("t"))


if __name__ == "__main__":
    asyncio.run(main())
