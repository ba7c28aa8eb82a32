import os

DATABASE_URL = os.environ.get("LEDGER_DB_URL", "sqlite:///ledger.db")
