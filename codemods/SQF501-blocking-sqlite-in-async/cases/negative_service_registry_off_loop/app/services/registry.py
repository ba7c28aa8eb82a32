from typing import TYPE_CHECKING

from .clock import Clock

if TYPE_CHECKING:
    from .recipes_base import RecipeServiceBase


class Services:
    def __init__(self, recipes: "RecipeServiceBase", clock: Clock):
        self.recipes = recipes
        self.clock = clock
