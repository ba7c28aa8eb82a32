"""The download server of the positive case, with SQLAlchemy's recipe on its
engine: a "connect" listener hands transactions to SQLAlchemy and a "begin"
listener sends `BEGIN IMMEDIATE`, so every session takes the write lock before
its first read and the fetcher thread waits instead of committing between."""
import asyncio
import threading

from sqlalchemy import String, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///downloads.db", connect_args={"timeout": 30})


@event.listens_for(engine, "connect")
def _wal(dbapi_connection, _record):
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


@event.listens_for(engine, "begin")
def _begin_immediate(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE")


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
