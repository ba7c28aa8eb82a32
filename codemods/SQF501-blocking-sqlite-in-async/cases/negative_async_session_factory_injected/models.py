from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    title: Mapped[str] = mapped_column(primary_key=True)
    body: Mapped[str]
