from fastapi import FastAPI

from .registry import Registry, configure

app = FastAPI()


@app.get("/kv/{key}")
async def read(key: str):
    return Registry.store.load(key)


configure("kv.db")
