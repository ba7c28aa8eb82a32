# Settings the packaging script uses to collect an extension's static files.
# Quiet: nothing the app serves loads it.
INSTALLED_APPS = ["kiosk"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "package.sqlite3",
    }
}
