"""Edge: a commit helper with no rollback on a module-level session, in an
import script that runs once from the command line with no threads: a failed
commit ends the run, and nothing later uses the failed session (left alone)."""
import csv
import sys

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

engine = create_engine("sqlite:///contacts.db")
session = sessionmaker(bind=engine)()
Base = declarative_base()


class Contact(Base):
    __tablename__ = "contacts"
    id = Column(Integer, primary_key=True)
    name = Column(String)


def commit():
    session.commit()
    session.flush()


def main(path):
    with open(path) as f:
        for row in csv.DictReader(f):
            session.add(Contact(name=row["name"]))
    commit()


if __name__ == "__main__":
    main(sys.argv[1])
