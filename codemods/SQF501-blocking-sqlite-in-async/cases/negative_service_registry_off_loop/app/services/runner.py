from .registry import Services


class Runner:
    services: Services

    def __init__(self, services: Services):
        self.services = services
