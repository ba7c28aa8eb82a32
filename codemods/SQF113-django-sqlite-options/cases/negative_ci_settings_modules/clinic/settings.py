# The service runs on PostgreSQL; only the CI modules pick SQLite.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "clinic",
    }
}
