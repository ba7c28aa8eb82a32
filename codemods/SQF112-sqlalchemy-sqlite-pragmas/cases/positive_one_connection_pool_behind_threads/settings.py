"""The database URL is a constant of the settings module: a SQLite file."""
DATABASE_URL = "sqlite:////var/lib/radar/radar.db"
