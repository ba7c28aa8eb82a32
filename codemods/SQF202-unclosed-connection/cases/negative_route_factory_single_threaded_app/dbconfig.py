DATABASE = "sqlite:///visits.db"
