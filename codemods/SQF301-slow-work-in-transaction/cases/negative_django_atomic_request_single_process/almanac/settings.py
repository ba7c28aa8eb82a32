DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "almanac.sqlite3"}}
