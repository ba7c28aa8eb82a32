# Both drivers open the built file read-only: no writer, nothing to contend with.
import aiosqlite
from fastapi import FastAPI

app = FastAPI()


@app.get("/rows/{name}")
async def rows(name: str):
    dsn = "file:{}?immutable=1".format(f"data/{name}.db")
    async with aiosqlite.connect(dsn, uri=True) as db:
        async with db.execute("SELECT * FROM rows") as cursor:
            return await cursor.fetchall()
