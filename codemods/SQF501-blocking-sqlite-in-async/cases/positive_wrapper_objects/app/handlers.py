"""No database text here: every call below reaches sqlite3 through an object."""
from fastapi import Depends, FastAPI, Request

from .providers import StoreDep, _get_ctx, get_db, get_store
from .store import Store

app = FastAPI()
app.state.db = Store("app.db")


class Service:
    def __init__(self):
        self.store = Store("app.db")


async def local_instance():
    db = Store("app.db")
    return db.counts()


async def held_by_another_object(service: Service):
    return service.store.counts()


async def from_factory():
    store = get_store()
    return store.counts()


async def inherited_method():
    return Store("app.db").all()


async def singleton():
    return Store.shared().counts()


@app.get("/state")
async def from_app_state(request: Request):
    return request.app.state.db.counts()


@app.get("/dep")
async def yield_dependency(db: Store = Depends(get_db)):
    return db.counts()


@app.get("/alias")
async def annotated_alias(db: StoreDep):
    return db.counts()


async def lifespan_context(ctx):
    db, limit = _get_ctx(ctx)
    return db.counts()[:limit]
