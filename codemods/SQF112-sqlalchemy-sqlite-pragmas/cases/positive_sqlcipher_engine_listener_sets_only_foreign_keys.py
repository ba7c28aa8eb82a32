# A SQLCipher engine (`sqlite+pysqlcipher://`) is a SQLite engine, and a
# "connect" listener on the `Engine` class runs for every engine: here it sets
# only foreign_keys, so the journal and the busy timeout stay at their defaults.
import os

import sqlcipher3
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

KEY = os.environ["DB_KEY"]


@event.listens_for(Engine, "connect")
def set_sqlite_pragma(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


engine = create_engine(
    f"sqlite+pysqlcipher://:{KEY}@/data/app.db",
    module=sqlcipher3.dbapi2,
)
Session = sessionmaker(bind=engine)


def save_note(user_id, text):
    with Session() as session:
        session.execute("INSERT INTO notes (user_id, text) VALUES (:u, :t)", {"u": user_id, "t": text})
        session.commit()
