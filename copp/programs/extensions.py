"""Registration hooks of the module library (M14) for apps above programs in the layers.

The resources registry sits above programs, so a library module cannot point to equipment kinds and rooms itself:
the resources app keeps the links and registers here a *module part* — a form the module page shows under its own
fields, the service that saves it and a description of each module's needs for the program document. Programs call
whatever is registered and never import the app that registered it."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django import forms


class ModulePart(Protocol):
    key: str

    def form(self, *, module, data, authors) -> forms.Form:
        """The part's form for the module page (module may be unsaved), bound to data when it is a POST."""

    def save(self, *, actor, module, form: forms.Form, request=None) -> list[str]:
        """Save the valid form for the saved module; return the names of the changed fields."""

    def describe(self, module_ids: Iterable[int]) -> dict[int, list[str]]:
        """What each module needs, as lines of text (one query for all the modules)."""


_PARTS: dict[str, ModulePart] = {}


def register_module_part(part: ModulePart) -> None:
    _PARTS[part.key] = part


def module_parts() -> list[ModulePart]:
    return list(_PARTS.values())


def module_needs(module_ids: Iterable[int]) -> dict[int, list[str]]:
    """Every registered part's description of the modules' needs, by module id."""
    ids = list(module_ids)
    result: dict[int, list[str]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for part in module_parts():
        for pk, lines in part.describe(ids).items():
            result.setdefault(pk, []).extend(lines)
    return result
