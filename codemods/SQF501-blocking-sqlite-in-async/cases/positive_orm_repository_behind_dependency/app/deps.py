from typing import Annotated

from fastapi import Depends

from .order_store import OrderStore
from .reports import ReportService


def get_reports() -> ReportService:
    return ReportService(OrderStore("sqlite:///orders.db"))


ReportsDep = Annotated[ReportService, Depends(get_reports)]
