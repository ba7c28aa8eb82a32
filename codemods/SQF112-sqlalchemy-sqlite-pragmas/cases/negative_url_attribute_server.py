"""The URL on `self` names a server database, or a class whose URL attribute
is only ever a parameter in a module and class that say nothing of SQLite."""
from sqlalchemy.ext.asyncio import create_async_engine


class Reports:
    def __init__(self, host):
        self.url = f"postgresql+asyncpg://{host}/reports"

    async def engine(self):
        return create_async_engine(self.url)


class Archive:
    def __init__(self, url):
        self.url = url

    def engine(self):
        return create_async_engine(self.url)
