from .database import Database
from .recipes_base import RecipeServiceBase


class RecipeService(RecipeServiceBase):
    def __init__(self, db: Database):
        self._db = db

    def get(self, recipe_id):
        return self._db.fetch("SELECT * FROM recipes WHERE id = ?", (recipe_id,))
