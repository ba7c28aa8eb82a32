"""peewee-async: the manager runs the queries the models build, awaited on the
loop's own driver; and a sync route runs in the framework's threadpool."""
import peewee
import peewee_async
from fastapi import FastAPI

db = peewee.SqliteDatabase("app.db")
objects = peewee_async.Manager(db)
app = FastAPI()


class Item(peewee.Model):
    name = peewee.CharField()

    class Meta:
        database = db


@app.get("/items")
async def items():
    rows = await objects.execute(Item.select())
    return [r.name for r in rows]


@app.get("/items/sync")
def items_sync():
    return [r.name for r in Item.select()]
