"""A Flask dashboard whose prices are refreshed by one APScheduler job (one
instance at a time, so it never runs beside itself); the web requests only
read. The job overwrites each row with the value fetched from the exchange,
not with anything it read, and the run counter it keeps is bumped only by
that one job: no second party runs the same path."""
import requests
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, jsonify
from sqlalchemy import Float, Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

engine = create_engine("sqlite:///prices.db")
SessionLocal = sessionmaker(bind=engine)
app = Flask(__name__)


class Base(DeclarativeBase):
    pass


class Price(Base):
    __tablename__ = "prices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String, unique=True)
    value: Mapped[float] = mapped_column(Float)


class SyncState(Base):
    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runs: Mapped[int] = mapped_column(Integer, default=0)


def sync_prices():
    quotes = requests.get("https://example.invalid/quotes", timeout=10).json()
    with SessionLocal() as session:
        for price in session.query(Price).all():
            price.value = quotes.get(price.symbol, price.value)
        state = session.get(SyncState, 1)
        state.runs += 1
        session.commit()


@app.route("/prices")
def prices():
    with SessionLocal() as session:
        return jsonify({p.symbol: p.value for p in session.query(Price).all()})


scheduler = BackgroundScheduler()
scheduler.add_job(sync_prices, "interval", minutes=5, max_instances=1)
scheduler.start()

if __name__ == "__main__":
    app.run()
