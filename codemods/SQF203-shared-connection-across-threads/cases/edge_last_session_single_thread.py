"""The same "close the previous session" helper in a command-line script with no
threads: only one caller at a time, so closing the last session only tidies up."""
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///report.db")
Maker = sessionmaker(bind=engine)
_previous = None


def fresh_session():
    global _previous
    if _previous is not None:
        _previous.close()
    _previous = Maker()
    return _previous


def main():
    for table in ("a", "b"):
        print(fresh_session().execute(text(f"SELECT count(*) FROM {table}")).scalar())


if __name__ == "__main__":
    main()
