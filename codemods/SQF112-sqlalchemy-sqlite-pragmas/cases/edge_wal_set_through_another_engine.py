"""Two engines on two files. Start-up switches only the audit file to WAL, through
the audit engine's connection; the ledger file stays in the rollback journal, so the
ledger engine is still told to set WAL. WAL on one file says nothing about another."""
import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

audit_engine = create_engine("sqlite:///audit.db", connect_args={"timeout": 30})
ledger_engine = create_engine("sqlite:///ledger.db", connect_args={"timeout": 30})
AuditSession = sessionmaker(audit_engine)
LedgerSession = sessionmaker(ledger_engine)


def prepare():
    with audit_engine.begin() as conn:
        conn.execute("PRAGMA journal_mode=WAL")


def record(row):
    with LedgerSession() as session:
        session.add(row)
        session.commit()
    with AuditSession() as session:
        session.add(row)
        session.commit()


def main(rows):
    prepare()
    for row in rows:
        threading.Thread(target=record, args=(row,)).start()
