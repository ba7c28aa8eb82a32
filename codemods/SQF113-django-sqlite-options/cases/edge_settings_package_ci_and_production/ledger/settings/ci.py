# settings/ci.py: the pipeline's scratch database, quiet.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "ci.sqlite3",
    }
}
