import asyncio

from fastapi import APIRouter

from .dependencies import Dependencies

router = APIRouter()


@router.get("/recipes/{recipe_id}")
async def get_recipe(recipe_id: int):
    # Offloaded: the query runs in a worker thread.
    return await asyncio.to_thread(Dependencies.runner.services.recipes.get, recipe_id)


@router.get("/recipes/{recipe_id}/plain")
def get_recipe_sync(recipe_id: int):
    return Dependencies.runner.services.recipes.get(recipe_id)
