"""The application's dependency-injection containers: an engine on the
configured URL (a SQLite file by default), one scoped session over it, and the
services that are handed that session, directly or through another service."""
from dependency_injector import containers, providers
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

from services import ExportService, ShelfService, TitleService

DEFAULT_URL = "sqlite:///shelf.sqlite"


class Storage(containers.DeclarativeContainer):
    config = providers.Configuration()
    engine = providers.Singleton(create_engine, url=config.url)
    make_session = providers.Singleton(sessionmaker, bind=engine)
    session = providers.Singleton(scoped_session, make_session)


class Services(containers.DeclarativeContainer):
    storage = providers.DependenciesContainer()
    titles = providers.Factory(TitleService, session=storage.session)
    shelves = providers.Factory(ShelfService, session=storage.session, titles=titles)
    exports = providers.Factory(ExportService, shelves=shelves)


class App(containers.DeclarativeContainer):
    config = providers.Configuration()
    storage = providers.Container(Storage, config=config.storage)
    services = providers.Container(Services, storage=storage)
