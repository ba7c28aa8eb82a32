from advanced_alchemy.base import BigIntBase
from sqlalchemy.orm import Mapped


class Note(BigIntBase):
    text: Mapped[str]
