"""One store with both kinds of factory on one file, both handed in by the
application. `count_async` awaits its AsyncSession: not reported.
`count_sync` uses the sync factory's session inside `async def` without an
await: reported. `export` awaits something else, not the session: reported."""
from sqlalchemy import text


class Store:
    def __init__(self, sync_factory, async_factory):
        self.session_factory = sync_factory
        self.session_maker = async_factory

    async def count_async(self):
        async with self.session_maker() as session:
            return (await session.execute(text("SELECT count(*) FROM t"))).scalar()

    async def count_sync(self):
        with self.session_factory() as session:
            return session.execute(text("SELECT count(*) FROM t")).scalar()

    async def export(self, sink):
        with self.session_factory() as session:
            rows = session.execute(text("SELECT * FROM t")).all()
        await sink.send(rows)
