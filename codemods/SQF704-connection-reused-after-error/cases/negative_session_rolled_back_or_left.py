"""Handlers after a failed flush that are fine: they roll back first, re-raise,
return without touching the session, use a fresh session, or the insert ran in a
savepoint or as a Core statement (neither leaves the session needing a rollback)."""
from sqlalchemy import String, create_engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

engine = create_engine("sqlite:///tags.db")
SessionLocal = sessionmaker(bind=engine)


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)


def rolls_back_first(name):
    with SessionLocal() as session:
        try:
            session.add(Tag(name=name))
            session.commit()
        except IntegrityError:
            session.rollback()
            return session.execute(select(Tag).where(Tag.name == name)).scalar_one()


def reraises(name):
    with SessionLocal() as session:
        try:
            session.add(Tag(name=name))
            session.flush()
        except IntegrityError as exc:
            raise ValueError(f"tag {name} exists") from exc
        session.commit()


def returns_without_the_session(name):
    with SessionLocal() as session:
        try:
            session.add(Tag(name=name))
            session.commit()
        except IntegrityError:
            return None
        return name


def fresh_session(name):
    with SessionLocal() as session:
        try:
            session.add(Tag(name=name))
            session.commit()
        except IntegrityError:
            with SessionLocal() as again:
                return again.execute(select(Tag).where(Tag.name == name)).scalar_one()


def savepoint(name):
    with SessionLocal() as session:
        try:
            with session.begin_nested():
                session.add(Tag(name=name))
        except IntegrityError:
            pass
        return session.execute(select(Tag).where(Tag.name == name)).scalar_one()


def core_insert(name):
    with SessionLocal() as session:
        try:
            session.execute(insert(Tag).values(name=name))
        except IntegrityError:
            return session.execute(select(Tag).where(Tag.name == name)).scalar_one()
