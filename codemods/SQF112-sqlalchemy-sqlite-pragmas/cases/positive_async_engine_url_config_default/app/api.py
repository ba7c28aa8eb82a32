from fastapi import FastAPI

from .config import StoreConfig
from .store import EventStore

app = FastAPI()
store = EventStore(StoreConfig())


@app.post("/events/{kind}")
async def add_event(kind: str):
    await store.record(kind)
    return {"ok": True}


@app.get("/audit/ping")
async def audit_ping():
    from .settings_env import audit_engine

    async with audit_engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")
    return {"ok": True}
