from fastapi import FastAPI

from app.database import store
from app.health import check_at_start

check_at_start()
app = FastAPI()


@app.get("/notes")
def notes():
    return store.run("SELECT id, body FROM notes")
