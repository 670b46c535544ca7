"""Models of the careers app, split by domain: vacancies, imports, saved searches, the labour-market tables."""
from .imports import ImportRun, ImportStatus, ImportTrigger
from .market import MarketEmployerMonth, MarketMonth, MarketSupplyMonth
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
    "VacancySource", "VacancyStatus",
]
