"""A context manager owning repositories built on one session; `refresh` is a
coroutine that reads and updates every feed through them, on the event loop."""
from sqlalchemy.orm import Session

from .repositories import FeedRepository, ItemRepository, Repositories


class Manager:
    def __init__(self, db: Session):
        self.db = db
        self.items = ItemRepository(db)
        self.rss = FeedRepository(db)
        # Edge: a repository two attributes deep.
        self.repos = Repositories(db)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.db.close()

    async def refresh(self):
        for feed_id, _url in self.rss.search():
            self.rss.touch(feed_id)

    async def count_feeds(self):
        return len(self.repos.feeds.search())
