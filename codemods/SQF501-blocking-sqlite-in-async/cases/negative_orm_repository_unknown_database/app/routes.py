import asyncio

from fastapi import APIRouter

from .store import AccountStore

router = APIRouter()
store = AccountStore()


@router.get("/balances")
async def balances() -> list[int]:
    return store.balances()


@router.get("/balances/threaded")
async def balances_threaded() -> list[int]:
    return await asyncio.to_thread(store.balances)


@router.get("/balances/sync")
def balances_sync() -> list[int]:
    return store.balances()
