"""A SQLite URL with WAL and synchronous already passed through connect()'s
pragmas, and a URL only known at run time with no SQLite default anywhere: the
first is configured, the second may be any engine. Neither is reported."""
import os

from playhouse.db_url import connect

events = connect("sqlite:///events.db", pragmas={"journal_mode": "wal", "synchronous": 1})
other = connect(os.environ["DATABASE_URL"])
