"""API server: requests write server.db while the provisioning task runs."""
import asyncio

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cloud import create_instance
from db import async_session
from models import Instance

app = FastAPI()


@app.post("/instances/{instance_id}/stop")
async def stop(instance_id: int):
    async with async_session() as session:
        row = await session.get(Instance, instance_id)
        row.status = "stopping"
        await session.commit()
    return {"ok": True}


async def provision_pending():
    async with async_session() as session:
        await _provision(session)


async def _provision(session: AsyncSession):
    """The first flush takes SQLite's write lock, and the cloud calls of this
    and the later offers run before the commit."""
    offers = (await session.scalars(select(Instance.offer))).all()
    for offer in offers:
        row = Instance(offer=offer, status="provisioning")
        session.add(row)
        await session.flush()
        cloud_id = await asyncio.to_thread(create_instance, offer)
        row.status = f"running:{cloud_id}"
    await session.commit()


@app.on_event("startup")
async def start_background():
    async def loop():
        while True:
            await provision_pending()
            await asyncio.sleep(10)

    asyncio.create_task(loop())
