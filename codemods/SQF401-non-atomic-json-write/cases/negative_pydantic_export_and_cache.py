"""Pydantic JSON that is no checkpoint. The report is written for people and
nothing in the program opens it again; the cached profile is read back, but a
torn file fails validation and the reader returns None, so the caller fetches
the profile again and nothing is lost; the atomic save goes through a
temporary file renamed into place."""
import os
import uuid
from pathlib import Path

from pydantic import BaseModel, ValidationError


class Report(BaseModel):
    total: int
    failures: list[str]


class Profile(BaseModel):
    name: str


def write_report(report: Report, out: Path) -> None:
    (out / "summary_report.json").write_text(report.model_dump_json(indent=2))


CACHE = Path.home() / ".cache" / "crawler"


def cached_profile() -> Profile | None:
    try:
        return Profile.model_validate_json((CACHE / "profile.json").read_text())
    except (FileNotFoundError, ValidationError):
        return None


def cache_profile(profile: Profile) -> None:
    (CACHE / "profile.json").write_text(profile.model_dump_json())


class Settings(BaseModel):
    theme: str = "light"


SETTINGS = Path("settings.json")


def load_settings() -> Settings:
    return Settings.model_validate_json(SETTINGS.read_text())


def save_settings(settings: Settings) -> None:
    tmp = SETTINGS.with_name(f".settings.{uuid.uuid4().hex}.tmp")
    tmp.write_text(settings.model_dump_json())
    os.replace(tmp, SETTINGS)
