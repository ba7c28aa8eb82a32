"""A mixin that builds the container for a chat user and takes its services
once, keeping them on the object."""
from containers import DEFAULT_URL, App


class ServicesMixin:
    def setup_services(self, user_id):
        self.app = App()
        self.app.config.from_dict({"storage": {"url": DEFAULT_URL.replace("shelf", str(user_id))}})

        self.titles = self.app.services.titles()
        self.shelves = self.app.services.shelves()
        self.exports = self.app.services.exports()
