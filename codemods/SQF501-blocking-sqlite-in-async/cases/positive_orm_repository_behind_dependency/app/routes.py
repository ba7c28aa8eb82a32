"""Async routes calling a service, whose store queries a sync session: every
query runs on the event loop. Nothing in this module names a database."""
from fastapi import APIRouter

from .deps import ReportsDep

router = APIRouter()


@router.get("/revenue")
async def revenue(reports: ReportsDep) -> dict:
    return {"revenue": reports.revenue()}


@router.post("/close")
async def close_period(reports: ReportsDep) -> dict:
    reports.close_period()
    return {"closed": True}
