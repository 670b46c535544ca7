"""Pre-aggregated labour-market tables (D7), rebuilt by a scheduled job and after each import, so the analysis
pages read a few hundred rows whatever the number of vacancies.

A row with an empty municipality (or competency) is the total over all of them: the refresh fills every
combination through GROUPING SETS."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from copp.directories.models import Competency, Municipality, Profession


class MarketMonth(models.Model):
    """Demand in one month: vacancies open, new and closed, places, salary quartiles (of the open ones)."""

    month = models.DateField(_("month"))
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(Competency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Region-wide rows per ОКПДТР profession (municipality and competency empty).
    profession = models.ForeignKey(Profession, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    open_count = models.PositiveIntegerField(_("open vacancies"), default=0)
    new_count = models.PositiveIntegerField(_("new vacancies"), default=0)
    closed_count = models.PositiveIntegerField(_("closed vacancies"), default=0)
    places = models.PositiveIntegerField(_("places"), default=0)
    salary_q1 = models.PositiveIntegerField(_("salary, lower quartile"), null=True)
    salary_median = models.PositiveIntegerField(_("salary, median"), null=True)
    salary_q3 = models.PositiveIntegerField(_("salary, upper quartile"), null=True)

    class Meta:
        verbose_name = _("labour-market month")
        verbose_name_plural = _("labour-market months")
        constraints = [models.UniqueConstraint(fields=["month", "municipality", "competency", "profession"],
                                               nulls_distinct=False, name="market_month_unique_by_profession")]
        indexes = [models.Index(fields=["competency", "municipality", "month"], name="market_month_lookup")]

    def __str__(self):
        return f"{self.month:%m.%Y}"


class MarketEmployerMonth(models.Model):
    """The employers with the most open vacancies in a month and municipality (the top of the drill-down)."""

    month = models.DateField(_("month"))
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    employer_name = models.CharField(_("employer"), max_length=300)
    open_count = models.PositiveIntegerField(_("open vacancies"), default=0)
    places = models.PositiveIntegerField(_("places"), default=0)
    salary_median = models.PositiveIntegerField(_("salary, median"), null=True)

    class Meta:
        verbose_name = _("employer's demand in a month")
        verbose_name_plural = _("employers' demand by month")
        indexes = [models.Index(fields=["month", "municipality", "-open_count"], name="market_employer_top")]

    def __str__(self):
        return f"{self.employer_name} {self.month:%m.%Y}"


class MarketSupplyMonth(models.Model):
    """Training supply per competency and month: places in groups that start and graduates who finish."""

    month = models.DateField(_("month"))
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    places = models.PositiveIntegerField(_("places in groups"), default=0)
    graduates = models.PositiveIntegerField(_("graduates"), default=0)

    class Meta:
        verbose_name = _("training supply in a month")
        verbose_name_plural = _("training supply by month")
        constraints = [models.UniqueConstraint(fields=["month", "competency"], name="market_supply_unique")]

    def __str__(self):
        return f"{self.month:%m.%Y}"
