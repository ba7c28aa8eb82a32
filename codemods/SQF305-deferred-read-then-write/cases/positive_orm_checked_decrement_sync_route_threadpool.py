"""A plain `def` FastAPI route (run on the server's thread pool) gets a sync
Session on a SQLite file and loads the product through a repository helper;
when enough is in stock it takes the quantity from the object and commits. Two
threads ordering the last items both see enough stock and both write
`stock - qty`: the shop sells what it does not have."""

from fastapi import Depends, FastAPI
from sqlalchemy import Integer, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///shop.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stock: Mapped[int] = mapped_column(Integer, default=0)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def product_by_id(db: Session, product_id: int) -> Product:
    return db.get(Product, product_id)


@app.post("/order/{product_id}")
def order(product_id: int, qty: int, db: Session = Depends(get_db)):
    product = product_by_id(db, product_id)
    if qty <= product.stock:
        product.stock = product.stock - qty
        db.commit()
        return {"ok": True}
    return {"ok": False}
