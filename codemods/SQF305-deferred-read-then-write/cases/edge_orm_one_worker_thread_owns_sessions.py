"""Every session of this service runs on one worker thread: the request handlers
hand their database work to a single-thread executor, so a lookup-then-add or a
claim never overlaps another session of the program, and nothing else writes
the file. Not reported: there is no second party to race with."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///downloads.db", connect_args={"timeout": 30})
DB_THREAD = ThreadPoolExecutor(max_workers=1)


class Base(DeclarativeBase):
    pass


class Link(Base):
    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String, unique=True)
    state: Mapped[str] = mapped_column(String, default="new")


def add_link(url: str) -> int:
    with Session(engine) as session:
        link = session.scalars(select(Link).where(Link.url == url)).first()
        if link is None:
            link = Link(url=url)
            session.add(link)
            session.commit()
        return link.id


def dispatch() -> list[str]:
    with Session(engine) as session:
        fresh = session.scalars(select(Link).where(Link.state == "new")).all()
        for link in fresh:
            link.state = "claimed"
        session.commit()
        return [link.url for link in fresh]


async def handle(url: str) -> list[str]:
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(DB_THREAD, add_link, url)
    return await loop.run_in_executor(DB_THREAD, dispatch)


if __name__ == "__main__":
    asyncio.run(handle("https://example.org/a"))
