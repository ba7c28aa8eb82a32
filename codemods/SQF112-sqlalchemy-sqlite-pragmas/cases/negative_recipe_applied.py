"""SQLAlchemy's documented SQLite recipe, already in place, on the Engine class."""
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

engine = create_engine("sqlite:///app.db", connect_args={"timeout": 5})
memory_engine = create_engine("sqlite://")
test_engine = create_engine("sqlite:///:memory:")
postgres = create_engine("postgresql+psycopg://app@localhost/app")


@event.listens_for(Engine, "connect")
def set_sqlite_pragma(dbapi_connection, connection_record):
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


@event.listens_for(Engine, "begin")
def do_begin(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE")
