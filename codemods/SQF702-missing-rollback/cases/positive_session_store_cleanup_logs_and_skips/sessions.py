"""A server-side session store on Flask-SQLAlchemy. Before each request it
deletes expired sessions and commits; any error is logged and skipped with no
rollback. A commit that fails ("database is locked" while a request thread
writes its session) leaves the thread's scoped session in its failed
transaction, and the request that follows on the same session (saving the new
session row) raises PendingRollbackError instead."""
from datetime import datetime

from flask_sqlalchemy import SQLAlchemy


class SqlAlchemySessionInterface:
    def __init__(self, app, db, table):
        if db is None:
            db = SQLAlchemy(app)
        self.app = app
        self.db = db

        class Session(self.db.Model):
            __tablename__ = table
            id = self.db.Column(self.db.Integer, primary_key=True)
            session_id = self.db.Column(self.db.String(255), unique=True)
            data = self.db.Column(self.db.LargeBinary)
            expiry = self.db.Column(self.db.DateTime)

        self.sql_session_model = Session
        app.before_request(self._cleanup_expired)

    def _cleanup_expired(self):
        try:
            self.db.session.query(self.sql_session_model).filter(
                self.sql_session_model.expiry <= datetime.utcnow()
            ).delete(synchronize_session=False)
            self.db.session.commit()
        except Exception as e:
            self.app.logger.exception(e, "Failed to delete expired sessions. Skipping...")

    def save_session(self, sid, data, expiry):
        record = self.sql_session_model(session_id=sid, data=data, expiry=expiry)
        self.db.session.add(record)
        self.db.session.commit()
