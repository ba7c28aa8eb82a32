"""Twenty concurrent requests to the sync endpoint, as a server under load sees
them; the errors the app raises (use or teardown on the wrong thread) are the
hazard. The sequential result is one request's answer."""
import asyncio
import json
import os
import sqlite3
import sys

sys.path.insert(0, sys.argv[1])
os.environ["CATALOG_DB"] = os.path.join(sys.argv[2], "catalog.db")
import httpx  # noqa: E402

import api  # noqa: E402

api.init()
errors = []


async def call(client):
    try:
        response = await client.get("/items")
        return response.json() if response.status_code == 200 else None
    except sqlite3.ProgrammingError as error:
        errors.append(str(error))
        return None


async def main():
    transport = httpx.ASGITransport(app=api.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        first = await call(client)
        results = await asyncio.gather(*(call(client) for _ in range(20)))
    return first, results


first, results = asyncio.run(main())
failed = sum(1 for r in results if r != ["a", "b", "c"])
print(json.dumps({
    "sequential": first,
    "hazard": failed + len(errors),
    "detail": f"{failed} of 20 concurrent requests failed; {len(errors)} thread errors",
}))
