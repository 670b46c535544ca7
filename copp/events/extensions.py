"""Registration hooks of events for apps above them in the layers (the pattern of programs.extensions).

Remote learning holds an event on BigBlueButton and keeps that link itself, since events cannot import it: it
registers here a *link provider* — what links an event's page shows a given person (the event's web conference).
Events call whatever is registered and never import the app that registered it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class EventLink:
    label: str
    url: str
    icon: str = "bi-box-arrow-up-right"


class EventLinkProvider(Protocol):
    key: str

    def links(self, user, event) -> list[EventLink]:
        """The links the event's page shows this person (signed in or not); [] when none."""


_PROVIDERS: dict[str, EventLinkProvider] = {}


def register_event_links(provider: EventLinkProvider) -> None:
    _PROVIDERS[provider.key] = provider


def event_links(user, event) -> list[EventLink]:
    """Every registered provider's links for the person on the event's page."""
    return [link for provider in _PROVIDERS.values() for link in provider.links(user, event)]
