# The entry comes from a URL whose default is a SQLite file; the site runs on
# it, tuned for SQLite: a timeout here, WAL from a connection_created receiver.
import os

import dj_database_url

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTALLED_APPS = ["django.contrib.contenttypes", "newsroom"]

DATABASES = {
    "default": dj_database_url.config(
        default="sqlite:///" + os.path.join(BASE_DIR, "newsroom.sqlite3")
    )
}
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["timeout"] = 30
