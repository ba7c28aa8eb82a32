"""Edge: the handler logs first, then reuses a repository's session (reported,
the rollback goes first); a handler that rolls back only after using the session
is still reported; one for an unrelated error type is not."""
import logging

from sqlalchemy import String, create_engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

log = logging.getLogger(__name__)
engine = create_engine("sqlite:///users.db")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(128), unique=True)


class Users:
    def __init__(self, session: Session):
        self.session = session

    def register(self, email):
        user = User(email=email)
        self.session.add(user)
        try:
            self.session.flush()
        except SQLAlchemyError:
            log.info("duplicate email %s", email)
            user = self.session.scalars(select(User).where(User.email == email)).one()
        return user

    def register_late_rollback(self, email):
        try:
            self.session.add(User(email=email))
            self.session.commit()
        except IntegrityError:
            count = self.session.query(User).count()
            self.session.rollback()
            log.info("now %d users", count)

    def register_value_error(self, email):
        try:
            self.session.add(User(email=email.strip()))
            self.session.commit()
        except ValueError:
            return self.session.query(User).count()
