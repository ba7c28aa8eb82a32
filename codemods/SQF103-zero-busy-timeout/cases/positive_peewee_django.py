"""peewee models and the Django settings of the admin site."""
from peewee import SqliteDatabase

db = SqliteDatabase("pipeline.db", timeout=0, pragmas={"journal_mode": "wal", "busy_timeout": 100})

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "admin.sqlite3",
        "OPTIONS": {"timeout": 0.5},
    },
}
