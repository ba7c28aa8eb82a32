from pathlib import Path

DB_PATH = str(Path.home() / ".notes" / "notes.db")
