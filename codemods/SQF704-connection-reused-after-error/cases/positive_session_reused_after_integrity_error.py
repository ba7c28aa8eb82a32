"""Get-or-create on a SQLAlchemy session: when two requests insert the same tag,
the loser's handler looks the winner's row up through the session whose flush
just failed (PendingRollbackError instead of the row)."""
from fastapi import Depends, FastAPI
from sqlalchemy import String, create_engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///tags.db")
SessionLocal = sessionmaker(bind=engine)
async_engine = create_async_engine("sqlite+aiosqlite:///tags.db")
AsyncSessionLocal = async_sessionmaker(async_engine)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)


def get_db():
    with SessionLocal() as db:
        yield db


def tag_by_name(db: Session, name: str):
    return db.execute(select(Tag).where(Tag.name == name)).scalar_one()


@app.post("/tags")
def create_tag(name: str, db: Session = Depends(get_db)):
    tag = Tag(name=name)
    try:
        db.add(tag)
        db.commit()
    except IntegrityError:
        # Another request created it first: return theirs.
        return tag_by_name(db, name)
    return tag


def ensure_tag(name):
    with SessionLocal() as session:
        try:
            session.add(Tag(name=name))
            session.flush()
        except IntegrityError:
            existing = session.query(Tag).filter_by(name=name).one()
            return existing.id
        session.commit()


async def ensure_tag_async(name):
    async with AsyncSessionLocal() as session:
        try:
            session.add(Tag(name=name))
            await session.commit()
        except IntegrityError:
            found = await session.execute(select(Tag).where(Tag.name == name))
            return found.scalar_one().id
