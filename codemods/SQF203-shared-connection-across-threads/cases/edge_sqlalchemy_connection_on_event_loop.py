"""A kept SQLAlchemy Connection used only from `async def` routes: they run on the
event loop's one thread, so it does not cross threads (SQF501's concern, not this rule's),
and a scoped_session bound to another attribute whose name starts the same."""
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker


class Store:
    def __init__(self):
        self.engine = create_engine("sqlite:///store.db")
        self.conn = self.engine.connect()
        self.conn_engine = create_engine("sqlite:///other.db")
        self.session = scoped_session(sessionmaker(bind=self.conn_engine))

    async def count(self):
        return self.conn.execute(text("SELECT count(*) FROM items")).scalar()


app = FastAPI()
store = Store()


@app.get("/count")
async def count():
    return {"n": await store.count()}
