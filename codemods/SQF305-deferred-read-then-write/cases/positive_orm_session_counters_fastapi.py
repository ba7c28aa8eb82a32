"""A link shortener on FastAPI: sync routes run on the server's thread pool,
each request with its own SQLAlchemy session on one SQLite file. The click
counter is read, bumped in Python and written back; a wallet is debited from
the balance it read; tags are read as a list, appended to and stored again;
an invite is accepted while the count read is under the limit. Two requests at
once both read the old value: one click, one debit or one tag is lost, or the
limit lets one too many in."""
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import RedirectResponse
from sqlalchemy import JSON, Integer, String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///links.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class Link(Base):
    __tablename__ = "links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String, unique=True)
    target: Mapped[str] = mapped_column(String)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[list] = mapped_column(JSON, default=list)


class Wallet(Base):
    __tablename__ = "wallets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    balance: Mapped[int] = mapped_column(Integer)


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team: Mapped[str] = mapped_column(String)
    email: Mapped[str] = mapped_column(String)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/r/{slug}")
def follow(slug: str, db: Session = Depends(get_db)):
    link = db.query(Link).filter(Link.slug == slug).first()
    if link is None:
        raise HTTPException(status_code=404)
    link.clicks += 1
    db.commit()
    return RedirectResponse(link.target)


@app.post("/wallets/{wallet_id}/spend")
def spend(wallet_id: int, amount: int, db: Session = Depends(get_db)):
    wallet = db.get(Wallet, wallet_id)
    if wallet is None:
        raise HTTPException(status_code=404)
    wallet.balance = wallet.balance - amount
    db.commit()
    return {"balance": wallet.balance}


@app.post("/links/{slug}/tags")
def tag(slug: str, name: str, db: Session = Depends(get_db)):
    link = db.query(Link).filter(Link.slug == slug).one()
    tags = list(link.tags or [])
    tags.append(name)
    link.tags = tags
    db.commit()


@app.post("/teams/{team}/invites")
def invite(team: str, email: str, db: Session = Depends(get_db)):
    taken = db.scalar(select(func.count()).select_from(Invite).where(Invite.team == team))
    if taken >= 5:
        raise HTTPException(status_code=409, detail="team is full")
    db.add(Invite(team=team, email=email))
    db.commit()
