"""Both URLs default to one SQLite file: the server's async one and the
maintenance script's sync one."""
import os


class Settings:
    async_url: str = os.getenv("SHEETS_ASYNC_URL", "sqlite+aiosqlite:///./sheets.db")
    sync_url: str = os.getenv("SHEETS_SYNC_URL", "sqlite:///./sheets.db")


settings = Settings()
