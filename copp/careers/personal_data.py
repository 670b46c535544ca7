"""Registers the careers app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register, register_eraser

from .models import (
    PlanConsultation,
    Portfolio,
    PortfolioInvitation,
    PortfolioItem,
    PortfolioView,
    SavedSearch,
    VacancyResponse,
)

register(VacancyResponse, fields=["vacancy__title", "vacancy__employer_name", "message", "phone", "created_at"],
         subject_lookup="applicant", purpose=_("Responses to vacancies"))
register(SavedSearch, fields=["name", "query", "notify", "created_at"], subject_lookup="user",
         purpose=_("Saved vacancy searches"))

register(Portfolio, fields=["summary", "profession__name", "municipality__name", "visibility", "allowed",
                            "link_expires_on", "created_at"], subject_lookup="user",
         purpose=_("Digital portfolio"))
register(PortfolioItem, fields=["kind", "is_confirmed", "title", "organization_name", "description", "date", "url",
                                "is_shown"], subject_lookup="portfolio__user", purpose=_("Digital portfolio"))
register(PortfolioView, fields=["organization__name", "channel", "at"], subject_lookup="portfolio__user",
         purpose=_("Views of the portfolio by employers"))
register(PortfolioInvitation, fields=["organization__name", "message", "status", "answer", "created_at"],
         subject_lookup="portfolio__user", purpose=_("Invitations from employers"))

register(PlanConsultation, fields=["held_on", "full_name", "contact", "organization__short_name", "topic", "result",
                                   "program__title"], subject_lookup="citizen",
         purpose=_("Consultations on an individual learning plan"))


@register_eraser
def erase_portfolio(user) -> int:
    """The portfolio with its items, files, views and invitations goes with the subject's data (152-ФЗ)."""
    items = PortfolioItem.objects.filter(portfolio__user=user).exclude(file="")
    for item in items:
        item.file.delete(save=False)
    deleted, _rows = Portfolio.objects.filter(user=user).delete()
    return deleted


@register_eraser
def erase_plan_consultations(user) -> int:
    """The name and contact go; the row stays (without personal data) so past indicators do not change."""
    return PlanConsultation.objects.filter(citizen=user).update(full_name="—", contact="", result="")
