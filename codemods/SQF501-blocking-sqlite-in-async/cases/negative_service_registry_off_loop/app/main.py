from fastapi import FastAPI

from .api.dependencies import Dependencies
from .api.routes import router

app = FastAPI()
app.include_router(router)
Dependencies.initialize("recipes.db")
