from typing import Annotated

from fastapi import Depends

from .store import Store


def get_store() -> Store:
    return Store("app.db")


def get_db():
    db = Store("app.db")
    try:
        yield db
    finally:
        db.close()


StoreDep = Annotated[Store, Depends(get_store)]


def _get_ctx(ctx) -> tuple[Store, int]:
    lc = ctx.lifespan_context
    return lc["db"], lc["limit"]
