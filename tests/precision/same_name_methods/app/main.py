"""Entry point: the ASGI app a server loads by name (`uvicorn app.main:app`).
It runs the refresher's method, calls `jobs.flush` through the module and
starts `jobs.drain` on a thread."""
import threading

from fastapi import FastAPI

from app import jobs

app = FastAPI()
refresher = jobs.Refresher("app.db")
threading.Thread(target=jobs.drain, daemon=True).start()


@app.post("/update")
def update_now():
    refresher.run()
    jobs.flush()
