"""No SQLAlchemy here: the service only holds the store it is given."""
from .order_store import OrderStore


class ReportService:
    def __init__(self, store: OrderStore) -> None:
        self.store = store

    def revenue(self) -> float:
        return sum(self.store.all_totals())

    def close_period(self) -> None:
        self.store.mark_all_billed()
