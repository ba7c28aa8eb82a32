DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "almanac.sqlite3"}}
CELERY_BROKER_URL = "redis://localhost:6379/0"
