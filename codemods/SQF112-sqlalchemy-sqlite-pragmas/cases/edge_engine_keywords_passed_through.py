"""The URL is spelled, the other options arrive as `**options` from the caller:
the engine is reported, but its fix cannot add `connect_args` to the call
(the caller's options may hold one, and a keyword given twice is a TypeError),
so the listener sets the busy timeout itself. An engine whose `**` dictionary
spells `isolation_level` is left to its author's transaction choice."""
from sqlalchemy import create_engine


class Store:
    def __init__(self, path, **options):
        self.engine = create_engine(f"sqlite:///{path}", **options)


AUTOCOMMIT = {"url": "sqlite:///audit.db", "isolation_level": "AUTOCOMMIT"}
audit_engine = create_engine(**AUTOCOMMIT)
