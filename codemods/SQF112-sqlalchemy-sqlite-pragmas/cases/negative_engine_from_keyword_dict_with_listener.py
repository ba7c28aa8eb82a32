"""An engine built from a keyword dictionary, with SQLAlchemy's recipe attached
to it: the "connect" listener sets WAL and synchronous, the "begin" listener
takes the write lock. Nothing to report."""
from sqlalchemy import create_engine, event

options = dict(url="sqlite:///ledger.db", connect_args={"timeout": 15}, echo=False)
options["pool_pre_ping"] = True

engine = create_engine(**options)


@event.listens_for(engine, "connect")
def _pragmas(dbapi_connection, connection_record):
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(engine, "begin")
def _begin(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE")


server_options = {"url": "postgresql+psycopg://app@db/app", "pool_size": 10}
server = create_engine(**server_options)
