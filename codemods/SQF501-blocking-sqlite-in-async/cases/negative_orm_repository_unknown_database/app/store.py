"""A repository on a sync session whose engine URL comes from the environment,
with nothing saying which database it is: sqlfix does not guess SQLite."""
import os

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["DATABASE_URL"], pool_size=10)
SessionLocal = sessionmaker(bind=engine)


class AccountStore:
    def balances(self) -> list[int]:
        with SessionLocal() as session:
            return [r[0] for r in session.execute(text("SELECT balance FROM accounts"))]
