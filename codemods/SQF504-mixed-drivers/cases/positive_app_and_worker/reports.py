from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///data/documents.db")


def count_done():
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM documents WHERE status = 'done'")).scalar()
