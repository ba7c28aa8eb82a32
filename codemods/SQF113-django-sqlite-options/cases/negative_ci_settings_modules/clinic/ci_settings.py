# The same throwaway database under the other common spelling.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/tmp/clinic-ci.sqlite3",
    }
}
