# The engine's module imports its names in one parenthesized list whose opening
# line carries a `# noqa: F401` (names kept for re-export). The listener's
# `event` must not re-render that list and drop the comment.
from sqlalchemy import (  # noqa: F401
    Column,
    Index,
    Integer,
    create_engine,
    func,
)
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///jobs.db")
Session = sessionmaker(bind=engine)
