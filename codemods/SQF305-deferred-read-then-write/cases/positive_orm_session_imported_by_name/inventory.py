"""Takes items off the shelf through the session the db module shares: the
count is read, then written back, so two programs both take from the same
count and one withdrawal is lost."""
from db import Stock, db_session


def withdraw(sku, n):
    item = db_session.query(Stock).filter(Stock.sku == sku).one()
    item.count = item.count - n
    db_session.commit()
