import uvicorn

from app.db import init_db
from app.main import app

if __name__ == "__main__":
    init_db()
    uvicorn.run(app)
