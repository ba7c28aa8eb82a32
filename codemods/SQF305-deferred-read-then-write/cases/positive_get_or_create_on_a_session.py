"""Get-or-create on a session: look the row up, leave (return it, or refuse
with a conflict) when it is there, and insert it otherwise. Two requests for
the same name both find nothing and both insert: a duplicate row, or an
IntegrityError on the name's unique key that the handler does not expect.
Maintainers fix this shape (an upsert, `INSERT ... ON CONFLICT`, or the lookup
and insert under `BEGIN IMMEDIATE`), so both functions are reported. The
third function leaves when the row is missing and then updates it with the
caller's value: the guard only makes sure the row is there, and nothing read
is written back, so it is not reported."""
from fastapi import FastAPI, HTTPException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

app = FastAPI()
engine = create_async_engine("sqlite+aiosqlite:///catalog.db")
Session = async_sessionmaker(engine)


@app.post("/tags")
async def create_tag(name):
    async with Session() as session:
        existing = await session.scalar(select(Tag).where(Tag.name == name))
        if existing:
            return existing
        tag = Tag(name=name)
        session.add(tag)
        await session.commit()
        return tag


@app.post("/models")
async def create_model(name, spec):
    async with Session() as session:
        result = await session.execute(select(Model).where(Model.name == name))
        if result.scalar_one_or_none() is not None:
            raise HTTPException(status_code=409, detail="exists")
        session.add(Model(name=name, spec=spec))
        await session.commit()


@app.put("/tags/{tag_id}")
async def rename_tag(tag_id, label):
    async with Session() as session:
        tag = await session.get(Tag, tag_id)
        if not tag:
            raise HTTPException(status_code=404)
        tag.label = label
        await session.commit()
