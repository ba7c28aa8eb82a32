"""A server-side session store on Flask-SQLAlchemy whose expired-session
cleanup rolls the scoped session back before logging and skipping, and a
cache object (no Flask-SQLAlchemy in its module) whose `self.db.session` is
the cache's own client, not a database session."""
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
            self.db.session.rollback()
            self.app.logger.exception(e)
