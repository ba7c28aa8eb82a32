"""A cron script writing the same file."""
from sqlalchemy import text

from db import session


def main():
    session.execute(text("INSERT INTO frame (taken) VALUES (CURRENT_TIMESTAMP)"))
    session.commit()


if __name__ == "__main__":
    main()
