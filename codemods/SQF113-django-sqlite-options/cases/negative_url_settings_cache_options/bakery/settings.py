# The database entry comes from a URL with a SQLite default and nothing tunes
# it; the only OPTIONS in this file belong to the Redis cache client, which is
# no database entry and takes no PRAGMAs.
import dj_database_url

INSTALLED_APPS = ["django.contrib.contenttypes", "bakery"]
DATABASES = {"default": dj_database_url.config(default="sqlite:///bakery.sqlite3")}

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
