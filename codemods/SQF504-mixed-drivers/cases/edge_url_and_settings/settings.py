import os

DATABASE_FILE = os.environ.get("DATABASE_FILE", "pipeline.sqlite3")
