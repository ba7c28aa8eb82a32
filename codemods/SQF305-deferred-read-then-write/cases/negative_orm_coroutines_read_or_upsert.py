"""The download server's coroutines with a fetcher thread writing the same file,
where no session reads and then writes what the read decided: `links_page`
only reads, and `remember` looks the link up for its reply but stores it with
one statement, an INSERT that does nothing when the url is already there, so a
racer's row makes it a no-op rather than a failed commit."""
import asyncio
import threading

from sqlalchemy import String, create_engine, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///downloads.db", connect_args={"timeout": 30})


class Base(DeclarativeBase):
    pass


class Link(Base):
    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String, unique=True)
    state: Mapped[str] = mapped_column(String, default="new")


async def links_page(state: str) -> list[str]:
    with Session(engine) as session:
        rows = session.scalars(select(Link).where(Link.state == state)).all()
        return [row.url for row in rows]


async def remember(url: str) -> bool:
    with Session(engine) as session:
        seen = session.scalars(select(Link).where(Link.url == url)).first()
        if seen is None:
            session.execute(sqlite_insert(Link).values(url=url).on_conflict_do_nothing())
            session.commit()
        return seen is None


def fetcher(urls: list[str]) -> None:
    for url in urls:
        with Session(engine) as session:
            session.add(Link(url=url, state="done"))
            session.commit()


async def serve(urls: list[str]) -> None:
    threading.Thread(target=fetcher, args=(urls,), daemon=True).start()
    await asyncio.gather(links_page("new"), remember(urls[0]))


if __name__ == "__main__":
    asyncio.run(serve(["https://example.org/a"]))
