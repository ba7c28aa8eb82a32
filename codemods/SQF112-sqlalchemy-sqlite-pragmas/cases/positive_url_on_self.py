"""The URL lives on `self`: set in `__init__`, the async engine built lazily on
first use in another method."""
from sqlalchemy.ext.asyncio import create_async_engine


class ChunkStore:
    def __init__(self, db_path):
        self.db_url = f"sqlite+aiosqlite:///{db_path}"
        self.engine = None

    async def connect(self):
        if self.engine is None:
            self.engine = create_async_engine(self.db_url, echo=False)
        return self.engine
