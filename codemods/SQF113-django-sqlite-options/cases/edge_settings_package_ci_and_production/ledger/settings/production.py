# settings/production.py: the deployed site's database, reported.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/ledger/ledger.sqlite3",
    }
}
