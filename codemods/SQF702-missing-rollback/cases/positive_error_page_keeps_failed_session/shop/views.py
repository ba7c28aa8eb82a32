from flask import Blueprint, request
from sqlalchemy import text

from .db import db_session

bp = Blueprint("orders", __name__)


@bp.route("/orders", methods=["POST"])
def create_order():
    db_session.execute(
        text("INSERT INTO orders (sku, qty) VALUES (:sku, :qty)"),
        {"sku": request.form["sku"], "qty": int(request.form["qty"])},
    )
    db_session.commit()
    return "", 201


@bp.route("/orders")
def list_orders():
    rows = db_session.execute(text("SELECT sku, qty FROM orders")).all()
    return {"orders": [dict(r._mapping) for r in rows]}
