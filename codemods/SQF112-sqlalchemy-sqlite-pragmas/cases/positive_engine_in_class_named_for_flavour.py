"""One flavour per database: the engine's URL is a parameter, the class is the
SQLite one (its sibling is the PostgreSQL one)."""
import sqlalchemy as sa


class QueueStore:
    def _make_engine(self, url, options):
        raise NotImplementedError


class SqliteQueueStore(QueueStore):
    def _make_engine(self, url, options):
        return sa.create_engine(url, **options)

    def bind(self, url):
        self.engine = sa.create_engine(url)


class PostgresQueueStore(QueueStore):
    def _make_engine(self, url, options):
        return sa.create_engine(url, pool_size=10, **options)
