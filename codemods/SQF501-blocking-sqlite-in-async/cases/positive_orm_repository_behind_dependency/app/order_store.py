from sqlalchemy import text

from .base_store import BaseStore


class OrderStore(BaseStore):
    def all_totals(self) -> list[float]:
        with self.Session() as session:
            return [row[0] for row in session.execute(text("SELECT total FROM orders"))]

    def mark_all_billed(self) -> None:
        with self.Session() as session:
            session.execute(text("UPDATE orders SET billed = 1"))
            session.commit()
