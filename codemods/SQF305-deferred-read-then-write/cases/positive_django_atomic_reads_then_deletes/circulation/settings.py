# A lending library on one SQLite file; a nightly command sends reminders.
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["django.contrib.contenttypes", "circulation"]
ROOT_URLCONF = "circulation.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "circulation.sqlite3",
        "OPTIONS": {"timeout": 20},
    }
}
