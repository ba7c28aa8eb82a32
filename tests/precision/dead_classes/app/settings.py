CACHE_BACKEND = "app.stores.cache.SQLiteCache"
