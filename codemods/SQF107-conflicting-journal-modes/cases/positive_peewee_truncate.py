"""Two peewee databases over one file, configured differently."""
from playhouse.sqlite_ext import SqliteExtDatabase

app_db = SqliteExtDatabase("app.db", pragmas={"journal_mode": "wal", "synchronous": "normal"})
admin_db = SqliteExtDatabase("app.db", pragmas={"journal_mode": "truncate"})
