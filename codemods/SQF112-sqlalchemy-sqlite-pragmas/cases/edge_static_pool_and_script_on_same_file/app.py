"""The service's engine holds one connection (StaticPool), but a maintenance
script of the project writes the same file with sqlite3: two connections.
Expected: the PRAGMA advice stays on the engine."""
from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

import settings

engine = create_engine(settings.DATABASE_URL, poolclass=StaticPool)


def main():
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO orders (item) VALUES ('tea')"))


if __name__ == "__main__":
    main()
