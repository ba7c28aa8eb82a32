from fastapi import FastAPI

from database import session_factory
from tasks import TaskRepository

app = FastAPI()
repo = TaskRepository(session_factory)


@app.get("/tasks")
async def list_tasks():
    return await repo.pending()


@app.post("/tasks/{task_id}/done")
async def finish_task(task_id: int):
    await repo.finish(task_id)
