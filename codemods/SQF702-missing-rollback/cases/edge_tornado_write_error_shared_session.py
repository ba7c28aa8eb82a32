"""A tornado application keeps one scoped session on the Application object
for every handler; the base handler's `write_error` renders the error page and
leaves the session as the failed request left it. The second application's
handlers make a session per request and close it in `on_finish`: not shared."""
import tornado.web
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///blog.db")


class Application(tornado.web.Application):
    def __init__(self, handlers):
        super().__init__(handlers)
        self.db = scoped_session(sessionmaker(bind=engine))


class BaseHandler(tornado.web.RequestHandler):
    @property
    def db(self):
        return self.application.db

    def write_error(self, status_code, **kwargs):
        self.render("error.html", status_code=status_code)


class PostHandler(BaseHandler):
    def post(self):
        self.db.execute(text("INSERT INTO posts (title) VALUES (:t)"), {"t": self.get_argument("t")})
        self.db.commit()
        self.redirect("/")


class RequestScopedHandler(tornado.web.RequestHandler):
    def prepare(self):
        self.session = sessionmaker(bind=engine)()

    def on_finish(self):
        self.session.close()

    def log_exception(self, typ, value, tb):
        super().log_exception(typ, value, tb)
