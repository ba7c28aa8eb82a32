"""Session details that move where the write lock is taken, on worker threads:
autoflush sends a pending add before the next query (the lock is then held); a
savepoint (begin_nested) begins nothing of its own; an object read before a
commit and changed after it is still a read-then-write."""
import threading

from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from .models import Audit, Wallet

engine = create_engine("sqlite:///wallets.db")
SessionLocal = sessionmaker(bind=engine)


def pay_after_audit(wallet_id, amount):
    # The add is flushed before the select: the write lock is already held.
    with SessionLocal() as session:
        session.add(Audit(wallet_id=wallet_id, amount=amount))
        wallet = session.scalars(select(Wallet).where(Wallet.id == wallet_id)).one()
        wallet.balance -= amount
        session.commit()


def pay_in_savepoint(wallet_id, amount):
    with SessionLocal() as session:
        wallet = session.get(Wallet, wallet_id)
        with session.begin_nested():
            wallet.balance -= amount
        session.commit()


def pay_after_commit(wallet_id, amount):
    session = SessionLocal()
    wallet = session.get(Wallet, wallet_id)
    session.commit()
    wallet.balance -= amount
    session.commit()
    session.close()


def run():
    for target in (pay_after_audit, pay_in_savepoint, pay_after_commit):
        threading.Thread(target=target, args=(1, 5)).start()
