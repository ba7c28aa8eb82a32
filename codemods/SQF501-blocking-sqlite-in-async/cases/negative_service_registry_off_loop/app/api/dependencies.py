from ..services.clock import Clock
from ..services.database import Database
from ..services.recipes import RecipeService
from ..services.registry import Services
from ..services.runner import Runner


class Dependencies:
    """A global registry: routes reach every service through its class attribute."""

    runner: Runner

    @staticmethod
    def initialize(path):
        db = Database(path)
        services = Services(recipes=RecipeService(db=db), clock=Clock())
        Dependencies.runner = Runner(services)
