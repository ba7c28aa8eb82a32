"""Two databases, each named by its own constant."""
ORDERS_DB = "data/orders.db"
CACHE_DB = "data/cache.db"
