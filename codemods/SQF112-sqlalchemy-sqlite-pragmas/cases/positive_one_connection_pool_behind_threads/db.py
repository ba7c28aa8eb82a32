"""One engine for the request threads and the cron scripts, with a
one-connection pool: every thread shares one connection and its transaction
(docs/sqlite-facts.md#F-static-pool). Expected: SQF112 for the pool (unsafe
fix: drop it), for the PRAGMAs (the URL is a constant of settings.py, so the
listener is safe) and for BEGIN IMMEDIATE."""
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool

import settings

engine = create_engine(
    settings.DATABASE_URL,
    connect_args={"check_same_thread": False, "timeout": 100},
    poolclass=StaticPool,
)
session = scoped_session(sessionmaker(bind=engine))
