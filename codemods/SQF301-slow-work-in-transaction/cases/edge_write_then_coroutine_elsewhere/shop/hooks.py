"""The warehouse hook is a coroutine: calling it without await only builds it."""
import httpx

WAREHOUSE = "https://warehouse.example.com/hooks/orders"


async def announce(order_id):
    async with httpx.AsyncClient() as client:
        await client.post(WAREHOUSE, json={"order": order_id})
