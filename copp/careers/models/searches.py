"""Saved vacancy searches of signed-in citizens; new matches are e-mailed by a scheduled job."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from copp.core.models import TimeStampedModel


class SavedSearch(TimeStampedModel):
    """The filters of the public search as a query string; `notified_until` is the publication time up to which
    matches were already sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="saved_vacancy_searches")
    name = models.CharField(_("search name"), max_length=200)
    query = models.CharField(_("filters"), max_length=1000)
    notify = models.BooleanField(_("e-mail new vacancies"), default=True)
    notified_until = models.DateTimeField(_("notified up to"))

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "query"], name="saved_search_unique")]
        indexes = [models.Index(fields=["notify", "notified_until"], name="saved_search_due")]

    def __str__(self):
        return self.name
