ARCHIVE_URL = "sqlite:///archive.db"
