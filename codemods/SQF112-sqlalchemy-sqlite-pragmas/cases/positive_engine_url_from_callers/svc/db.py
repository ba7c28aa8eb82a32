"""The engine is made by an initializer from the URL its caller passes."""
from sqlalchemy import create_engine, text

engine = None


def init_db(db_url):
    global engine
    engine = create_engine(db_url, pool_pre_ping=True)


def record_probe(status):
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO probes (status) VALUES (:s)"), {"s": status})
