# settings/testing.py: the test run's scratch database, quiet.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "testing.sqlite3",
    }
}
