"""AsyncIOScheduler: a coroutine job runs on the event loop, but a plain
function job runs in the loop's default executor, a thread pool (APScheduler's
AsyncIOExecutor). Only the sync job leaves its scoped session bound to a pool
thread; the coroutine job is SQF501's business if it blocks."""
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///stats.db")
Session = scoped_session(sessionmaker(bind=engine))
scheduler = AsyncIOScheduler()


def count_visits():
    return Session.execute(text("SELECT count(*) FROM visits")).scalar()


def sync_rollup():
    total = count_visits()
    Session.execute(text("INSERT INTO rollups (total) VALUES (:t)"), {"t": total})
    Session.commit()


async def async_heartbeat():
    print("alive")


def start():
    scheduler.add_job(sync_rollup, "interval", minutes=5)
    scheduler.add_job(async_heartbeat, "interval", seconds=30)
    scheduler.start()
