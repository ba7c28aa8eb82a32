"""Repositories keep the session they are built with and query through it."""
from sqlalchemy import text
from sqlalchemy.orm import Session


class ItemRepository:
    def __init__(self, db: Session):
        self.db = db

    def search_all(self):
        return self.db.execute(text("SELECT id, title FROM items")).all()


class FeedRepository:
    def __init__(self, db: Session):
        self.db = db

    def search(self):
        return self.db.execute(text("SELECT id, url FROM feeds")).all()

    def touch(self, feed_id):
        self.db.execute(
            text("UPDATE feeds SET checked = CURRENT_TIMESTAMP WHERE id = :id"), {"id": feed_id}
        )
        self.db.commit()


class Repositories:
    def __init__(self, db: Session):
        self.feeds = FeedRepository(db)
