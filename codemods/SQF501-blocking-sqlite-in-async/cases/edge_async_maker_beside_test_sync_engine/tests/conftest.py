from sqlalchemy import text

from database import ReportSession


def setup_module():
    with ReportSession() as session:
        session.execute(text("DELETE FROM items"))
        session.commit()
