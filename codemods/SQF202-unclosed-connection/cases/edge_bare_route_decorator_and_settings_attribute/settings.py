import os

# The deployment may set another URL; the default is a SQLite file.
DB_URL = os.environ.get("INVENTORY_DB", "sqlite:///inventory.db")
