"""A download server whose request coroutines open sync SQLAlchemy sessions on a
WAL database (a 30 s busy timeout on the engine), while a fetcher thread stores
finished downloads in the same file. Each coroutine reads, then writes in the
same session, whose transaction the driver begins only at the first write:

- `add_link` looks the link up and adds it when it is missing;
- `dispatch` selects the new downloads and marks them claimed;
- `plan_mirrors` reads which mirrors are stored, then inserts the missing ones.

The fetcher thread commits between the read and the write: the two sessions
both miss the link (the second commit fails on the unique url), both claim the
same downloads, both insert the same mirror."""
import asyncio
import threading

from sqlalchemy import String, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///downloads.db", connect_args={"timeout": 30})


@event.listens_for(engine, "connect")
def _wal(dbapi_connection, _record):
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


class Base(DeclarativeBase):
    pass


class Link(Base):
    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String, unique=True)
    state: Mapped[str] = mapped_column(String, default="new")


class Mirror(Base):
    __tablename__ = "mirrors"
    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String, unique=True)


async def add_link(url: str) -> int:
    with Session(engine) as session:
        link = session.scalars(select(Link).where(Link.url == url)).first()
        if link is None:
            link = Link(url=url)
            session.add(link)
            session.commit()
        return link.id


async def dispatch() -> list[str]:
    with Session(engine) as session:
        fresh = session.scalars(select(Link).where(Link.state == "new")).all()
        for link in fresh:
            link.state = "claimed"
        session.commit()
        return [link.url for link in fresh]


async def plan_mirrors(hosts: list[str]) -> None:
    with Session(engine) as session:
        known = set(session.scalars(select(Mirror.host)).all())
        for host in hosts:
            if host not in known:
                session.add(Mirror(host=host))
        session.commit()


def fetcher(urls: list[str]) -> None:
    for url in urls:
        with Session(engine) as session:
            session.add(Link(url=url, state="done"))
            session.commit()


async def serve(urls: list[str]) -> None:
    threading.Thread(target=fetcher, args=(urls,), daemon=True).start()
    await asyncio.gather(add_link(urls[0]), dispatch(), plan_mirrors(["a", "b"]))


if __name__ == "__main__":
    asyncio.run(serve(["https://example.org/a"]))
