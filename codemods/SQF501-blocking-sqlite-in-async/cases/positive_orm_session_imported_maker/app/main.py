"""Async routes that build their own session from an imported maker: this
module names no SQLAlchemy, yet every query below blocks the event loop."""
from fastapi import Depends, FastAPI, Request

from app.database import SessionLocal, make_session
from app.models import Item

app = FastAPI()


def current_user():
    return "user"


@app.get("/items")
async def list_items(user=Depends(current_user)):
    db = make_session()
    try:
        rows = db.query(Item).filter(Item.name != "").order_by(Item.id).all()
        return {"items": [r.name for r in rows]}
    finally:
        db.close()


@app.post("/items")
async def add_item(request: Request):
    payload = await request.json()
    db = SessionLocal()
    db.add(Item(name=payload["name"]))
    db.commit()
    db.close()
    return {"ok": True}
