from dataclasses import dataclass


@dataclass
class DbSettings:
    url: str = "sqlite:///./scheduler.db"
    echo: bool = False
