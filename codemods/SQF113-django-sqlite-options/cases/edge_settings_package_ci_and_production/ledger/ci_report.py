# A module named for CI but no settings module: not exempt by its name, and
# it names a live database the service uses.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/ledger/ledger.sqlite3",
    }
}
