"""The engine's URL is a module constant naming a SQLite file."""
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

DATABASE_URL = "sqlite:///./orders.db"
engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


@app.post("/orders/{order_id}/cancel")
async def cancel(order_id: int):
    with SessionLocal() as db:
        db.execute(text("UPDATE orders SET status = 'cancelled' WHERE id = :i"), {"i": order_id})
        db.commit()
