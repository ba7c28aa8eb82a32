DB_PATH = "reports.db"
