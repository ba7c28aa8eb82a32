# A print shop's job board on one SQLite file; a runner script prints each job.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "pressroom.sqlite3"}}
INSTALLED_APPS = ["django.contrib.contenttypes", "pressroom"]
