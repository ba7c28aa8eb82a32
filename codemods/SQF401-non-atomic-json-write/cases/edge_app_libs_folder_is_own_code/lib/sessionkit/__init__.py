from sessionkit.stores import open_store  # noqa: F401
