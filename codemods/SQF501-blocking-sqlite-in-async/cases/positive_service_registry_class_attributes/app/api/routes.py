from fastapi import APIRouter

from .dependencies import Dependencies

router = APIRouter()


@router.get("/recipes/{recipe_id}")
async def get_recipe(recipe_id: int):
    # The service's query runs on the event loop.
    return Dependencies.runner.services.recipes.get(recipe_id)


@router.get("/recipes/{recipe_id}/copy")
async def copy_recipe(recipe_id: int):
    recipes = Dependencies.runner.services.recipes
    return recipes.get(recipe_id)


@router.get("/time")
async def server_time():
    # A registry service with no database work: nothing to report.
    return Dependencies.runner.services.clock.now()


@router.get("/recipes/{recipe_id}/plain")
def get_recipe_sync(recipe_id: int):
    # A sync route runs in the thread pool.
    return Dependencies.runner.services.recipes.get(recipe_id)
