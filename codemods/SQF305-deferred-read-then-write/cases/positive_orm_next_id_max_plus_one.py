"""The ticket desk on a FastAPI app with sync SQLAlchemy sessions (sync routes
run on worker threads): the next ticket number is `max(number) + 1`, read
before the `add` that stores it. Two requests take the same number."""
from fastapi import FastAPI
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

app = FastAPI()
engine = create_engine("sqlite:///desk.db", connect_args={"timeout": 30})


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String)


@app.post("/tickets")
def open_ticket(title: str) -> dict:
    with Session(engine) as session:
        top = session.scalar(select(func.max(Ticket.number))) or 0
        session.add(Ticket(number=top + 1, title=title))
        session.commit()
        return {"number": top + 1}
