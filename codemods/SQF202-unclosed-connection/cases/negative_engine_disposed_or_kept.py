"""Engines that are disposed, returned, kept on the object or the module, or
built once by the entry point: nothing to add."""
from sqlalchemy import MetaData, create_engine

ENGINE = create_engine("sqlite:///app.db")


def disposed(path):
    engine = create_engine(f"sqlite:///{path}")
    try:
        MetaData().reflect(engine)
    finally:
        engine.dispose()


def returned(path):
    engine = create_engine(f"sqlite:///{path}")
    MetaData().reflect(engine)
    return engine


class Store:
    def __init__(self, path):
        engine = create_engine(f"sqlite:///{path}")
        self.engine = engine


def not_sqlite(url):
    engine = create_engine(url)
    MetaData().reflect(engine)


def main():
    engine = create_engine("sqlite:///app.db")
    MetaData().reflect(engine)


if __name__ == "__main__":
    main()
