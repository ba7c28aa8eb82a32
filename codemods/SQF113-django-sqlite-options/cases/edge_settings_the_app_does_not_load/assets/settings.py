# Settings for building the site's media bundle: the build runs once, in one
# process, and no program the app serves loads this module. Quiet.
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.staticfiles"]
STATIC_ROOT = "_build/static"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "docs-build.sqlite3",
    }
}
