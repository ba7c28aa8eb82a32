"""The URL defaults to a PostgreSQL server: not SQLite, not this tool's to fix."""
import os

SETTINGS = {
    "db_url": os.environ.get("NOTES_DB_URL") or "postgresql+psycopg://notes@localhost/notes",
    "page_size": 20,
}
