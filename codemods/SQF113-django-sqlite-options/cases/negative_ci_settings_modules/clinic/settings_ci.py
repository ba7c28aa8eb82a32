# The CI job's settings: one process migrates a scratch SQLite file and runs
# the suite against it, then the file is thrown away.
from clinic.settings import *  # noqa: F401,F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "ci.sqlite3",
    }
}
