"""Registration hooks of the module library (M14) for apps above programs in the layers.

The resources registry sits above programs, so a library module cannot point to equipment kinds and rooms itself:
the resources app keeps the links and registers here a *module part* — a form the module page shows under its own
fields, the service that saves it and a description of each module's needs for the program document. Programs call
whatever is registered and never import the app that registered it.

The same way, an app above programs may show links under each module of a program in the constructor and on a
library module's page (the materials library: «Учебные материалы (2)», where the module's materials are
attached)."""
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


PROGRAM_MODULE, LIBRARY_MODULE = "program_module", "library_module"


class ModuleLinks(Protocol):
    def links(self, *, user, kind: str, module_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """Links (text, url) to show with each module of the kind (PROGRAM_MODULE in the constructor,
        LIBRARY_MODULE on the module's page), in a fixed number of queries for all the modules."""


_MODULE_LINKS: list[ModuleLinks] = []


def register_module_links(provider: ModuleLinks) -> None:
    if provider not in _MODULE_LINKS:
        _MODULE_LINKS.append(provider)


def module_links(*, user, kind: str, module_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """Every registered provider's links for the modules, by module id."""
    ids = list(module_ids)
    result: dict[int, list[tuple[str, str]]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for provider in _MODULE_LINKS:
        for pk, links in provider.links(user=user, kind=kind, module_ids=ids).items():
            result.setdefault(pk, []).extend(links)
    return result
