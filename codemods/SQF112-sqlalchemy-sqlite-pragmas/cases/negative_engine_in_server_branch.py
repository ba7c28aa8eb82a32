"""Engines built only where a URL test has ruled SQLite out: the `else` of
`if IS_SQLITE:` (a name bound to `startswith("sqlite")`), the body of a test
for another backend, `!= "sqlite"` on the dialect's backend name, and the code
after `if "sqlite" in url: return ...`. None of them can ever be a SQLite
engine, so SQLite pragma advice on them would be wrong."""
import os

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

URL = os.environ["DATABASE_URL"]
IS_SQLITE = URL.startswith("sqlite")

if IS_SQLITE:
    raise SystemExit("this deployment needs a database server")
else:
    engine = create_engine(URL, pool_size=20, max_overflow=10, pool_recycle=3600)

if os.environ.get("DB_KIND") == "postgresql":
    reports = create_engine(URL, pool_pre_ping=True)


def archive_engine(url):
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_size=5)
    raise ValueError("archives live on the server")


def analytics_engine(url):
    if "sqlite" in url:
        return None
    return create_engine(url, pool_recycle=1800)
