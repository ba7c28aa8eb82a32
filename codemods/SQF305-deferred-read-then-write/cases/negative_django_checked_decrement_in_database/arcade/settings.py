DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "arcade.sqlite3"}}
