"""Registry of every model holding personal data (152-ФЗ): what it holds and how to find a
subject's rows, so self-service export and erasure cover all of them."""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataEntry:
    model: type
    fields: tuple[str, ...]
    subject_lookup: str  # the path from the model to the user, e.g. "user" or "membership__user"
    purpose: str


REGISTRY: list[PersonalDataEntry] = []


def register(model, *, fields, subject_lookup, purpose):
    REGISTRY.append(PersonalDataEntry(model, tuple(fields), subject_lookup, str(purpose)))
    return model


def export_subject(user) -> dict:
    """Every registered personal-data row of one subject, as plain JSON-ready data."""
    data: dict[str, list[dict]] = {}
    for entry in REGISTRY:
        rows = entry.model._default_manager.filter(**{entry.subject_lookup: user.pk}).values(*entry.fields)
        data[entry.model._meta.label] = [
            {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}
            for row in rows
        ]
    return data


# Erasure hooks: each app registers a function that erases (deletes or blanks) its own personal-data rows of a
# subject and returns how many rows it touched; records a law requires keeping stay and are anonymised only
# through the user row (accounts erases that last). Apps above accounts register here, so accounts never
# imports them.
ERASERS: list[Callable] = []


def register_eraser(func: Callable) -> Callable:
    ERASERS.append(func)
    return func


def erase_subject(user) -> dict[str, int]:
    """Run every registered eraser for one subject inside the caller's transaction: {eraser: rows touched}."""
    return {f"{func.__module__}.{func.__qualname__}": int(func(user) or 0) for func in ERASERS}
