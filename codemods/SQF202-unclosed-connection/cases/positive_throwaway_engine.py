"""A probe builds a SQLite engine on every call (through a one-line helper, or
directly), reflects or inspects through it and returns; nothing disposes the
engine, so its pool keeps the connection it opened."""
from sqlalchemy import MetaData, create_engine, inspect


def make_engine(name):
    return create_engine(f"sqlite:///{name}")


def has_tables(name):
    engine = make_engine(name)
    try:
        meta = MetaData()
        meta.reflect(engine)
    except Exception:
        return False
    return bool(meta.tables)


def table_names(path):
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
    return names


def probe_all(paths):
    return [p for p in paths if has_tables(p)]
