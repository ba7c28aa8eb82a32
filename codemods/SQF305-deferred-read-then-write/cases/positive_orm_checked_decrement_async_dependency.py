"""An async route receives the caller's API key from a dependency that loaded it
through an SQLModel session on sqlite+aiosqlite, compares what is available with the
cost, takes the cost from the balance in memory and commits after awaiting the
upstream call. Two requests for one key both pass the check on the value they
loaded and both write the old balance minus the cost."""

from fastapi import Depends, FastAPI, Header, HTTPException
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

engine = create_async_engine("sqlite+aiosqlite:///./keys.db")
app = FastAPI()


class ApiKey(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token: str
    balance: float = 0.0
    reserved: float = 0.0
    total_spent: float = 0.0

    @property
    def available(self):
        return self.balance - self.reserved


async def get_session():
    async with AsyncSession(engine) as session:
        yield session


async def current_key(authorization: str = Header(...), session: AsyncSession = Depends(get_session)):
    key = (await session.exec(select(ApiKey).where(ApiKey.token == authorization))).first()
    if key is None:
        raise HTTPException(401)
    return key


async def forward(prompt):
    return {"text": prompt[::-1]}


@app.post("/v1/complete")
async def complete(prompt: str, key: ApiKey = Depends(current_key), session: AsyncSession = Depends(get_session)):
    cost = len(prompt) * 0.001
    if key.available < cost:
        raise HTTPException(402, "insufficient balance")
    key.balance -= cost
    key.total_spent += cost
    session.add(key)
    answer = await forward(prompt)
    await session.commit()
    return answer
