"""Runs the job manager: `python -m jobs`."""
import uvicorn

from .app import app

uvicorn.run(app)
