"""The protocol-neutral vacancy both clients hand to the import service."""
import datetime as dt
from dataclasses import dataclass


@dataclass
class ExternalVacancy:
    external_id: str
    title: str
    employer_name: str
    employer_inn: str = ""
    municipality: str = ""
    address: str = ""
    salary_from: int | None = None
    salary_to: int | None = None
    employment: str = "full"
    schedule: str = "full_day"
    education: str = "any"
    experience_years: int = 0
    duties: str = ""
    requirements: str = ""
    contacts: str = ""
    places: int = 1
    source_url: str = ""
    modified_at: dt.datetime | None = None
    published_at: dt.datetime | None = None


def positive_int(value) -> int | None:
    """A salary or count as the sources send it (a number, "", 0, a string): None when absent or zero."""
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
