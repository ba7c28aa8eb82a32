# A SQLite default for a developer's checkout; production sets DATABASE_URL to
# another server, and nothing here tunes SQLite.
import dj_database_url

INSTALLED_APPS = ["django.contrib.contenttypes", "storefront"]
DATABASES = {"default": dj_database_url.config(default="sqlite:///dev.sqlite3")}
