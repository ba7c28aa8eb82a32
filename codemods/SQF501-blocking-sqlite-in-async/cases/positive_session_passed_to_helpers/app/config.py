"""Settings in a dict; a deployment overrides the URL, a checkout runs on a file."""
import os

SETTINGS = {
    "db_url": os.environ.get("NOTES_DB_URL") or "sqlite:///./notes.db",
    "page_size": 20,
}
