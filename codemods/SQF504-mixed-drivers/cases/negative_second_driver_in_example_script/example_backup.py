"""A sample of a backup by hand, next to the service for readers to copy."""
import sqlite3

from settings import NOTES_DB

source = sqlite3.connect(NOTES_DB)
source.backup(sqlite3.connect("notes-backup.db"))
