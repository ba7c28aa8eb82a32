"""The engine-neutral part: each driver names its DB-API module and the
parameters its `connect` takes; the base opens connections with them."""


class Driver:
    dbapi = None

    def __init__(self, settings):
        self.settings = settings

    def connection_params(self):
        raise NotImplementedError

    def connect(self):
        return self.dbapi.connect(**self.connection_params())
