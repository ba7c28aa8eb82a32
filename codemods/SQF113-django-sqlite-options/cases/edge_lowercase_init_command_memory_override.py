"""The PRAGMAs in `init_command` written in lower case without a trailing
semicolon, `synchronous` as its number (1 = NORMAL): only `transaction_mode` is
missing. The in-memory override for tests is left alone; the path from the
environment is still the one SQLite file."""
import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DB_PATH", "db.sqlite3"),
        "OPTIONS": {"init_command": "pragma journal_mode = wal;pragma synchronous = 1"},
    }
}

if os.environ.get("TESTING"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
