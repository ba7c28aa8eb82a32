"""A notifier script runs its daily job with the `schedule` library. The job
commits the module's shared session with no rollback, but `schedule` does not
catch a job's exception: it leaves `run_pending()` and ends the loop, so no later
user inherits the failed session."""
import time

import schedule
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base

engine = create_engine("sqlite:///notes.db")
Base = declarative_base()
db = Session(engine)


class Notice(Base):
    __tablename__ = "notices"
    id = Column(Integer, primary_key=True)
    text = Column(String)


def add_notice(text):
    db.add(Notice(text=text))


def daily():
    for n in db.query(Notice).all():
        add_notice(f"reminder: {n.text}")
    db.commit()


schedule.every().day.at("08:00").do(daily)
while True:
    schedule.run_pending()
    time.sleep(60)
