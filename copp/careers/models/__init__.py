"""Models of the careers app, split by domain: vacancies, imports, saved searches, the labour-market tables."""
from .consultations import PlanConsultation
from .imports import ImportRun, ImportStatus, ImportTrigger
from .market import MarketEmployerMonth, MarketMonth, MarketSupplyMonth
from .portfolios import (
    CONFIRMED_KINDS,
    OWN_KINDS,
    InvitationStatus,
    ItemKind,
    Portfolio,
    PortfolioCompetency,
    PortfolioInvitation,
    PortfolioItem,
    PortfolioView,
    SavedCandidate,
    Section,
    ViewChannel,
    Visibility,
)
from .searches import SavedSearch
from .vacancies import (
    Education,
    Employment,
    Schedule,
    Vacancy,
    VacancyCompetency,
    VacancyResponse,
    VacancySource,
    VacancyStatus,
)

__all__ = [
    "Education", "Employment", "ImportRun", "ImportStatus", "ImportTrigger", "MarketEmployerMonth", "MarketMonth",
    "MarketSupplyMonth", "SavedSearch", "Schedule", "Vacancy", "VacancyCompetency", "VacancyResponse",
    "VacancySource", "VacancyStatus", "CONFIRMED_KINDS", "OWN_KINDS", "InvitationStatus", "ItemKind", "Portfolio",
    "PortfolioCompetency", "PortfolioInvitation", "PortfolioItem", "PortfolioView", "SavedCandidate", "Section",
    "ViewChannel", "Visibility", "PlanConsultation",
]
