"""A one-shot importer: the repository keeps one Session, and one thread uses it."""
import csv
import sys

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()
Factory = sessionmaker(bind=create_engine("sqlite:///books.db"))


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String)


class Shelf:
    def __init__(self):
        self.session = Factory()

    def add(self, title):
        self.session.add(Book(title=title))

    def save(self):
        self.session.commit()


def main(path):
    shelf = Shelf()
    with open(path) as f:
        for row in csv.reader(f):
            shelf.add(row[0])
    shelf.save()


if __name__ == "__main__":
    main(sys.argv[1])
