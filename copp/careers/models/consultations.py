"""Consultations of citizens on an individual learning plan (ИУП), the small register ЦОПП staff keep; the
monitoring counts the citizens consulted (M27, docs/monitoring.md)."""
from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _

from copp.core.access import has_capability
from copp.core.models import TimeStampedModel
from copp.core.roles import Cap
from copp.organizations.models import Organization
from copp.programs.models import Program
from copp.programs.selectors import own_organization_ids


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The whole region's register for those who read it (the coordinator), the own organisations' for staff."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if has_capability(user, Cap.CONSULTATIONS_ALL):
            return self.all()
        if has_capability(user, Cap.CONSULTATIONS_VIEW):
            return self.filter(organization__in=Subquery(own_organization_ids(user)))
        return self.none()

    def editable_by(self, user):
        """Staff keep the register of their own organisations only."""
        if not has_capability(user, Cap.CONSULTATIONS_KEEP):
            return self.none()
        return self.filter(organization__in=Subquery(own_organization_ids(user)))


class PlanConsultation(TimeStampedModel):
    """One consultation: when, whom (a platform user, or a name with a phone or an e-mail), which organisation
    and consultant, the topic and result, and the program chosen if any. `person_key` names the person the same
    way in every row (the user, or the normalised name and contact): the indicator counts each person once."""

    held_on = models.DateField(_("consultation date"))
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("citizen on the platform"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="plan_consultations")
    full_name = models.CharField(_("citizen's full name"), max_length=300)
    contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="plan_consultations")
    consultant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("consultant"), on_delete=models.PROTECT,
                                   related_name="+")
    topic = models.CharField(_("topic"), max_length=300)
    result = models.TextField(_("result"), blank=True)
    program = models.ForeignKey(Program, verbose_name=_("program chosen"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    person_key = models.CharField(max_length=320, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation on an individual learning plan")
        verbose_name_plural = _("consultations on individual learning plans")
        ordering = ["-held_on", "-pk"]
        constraints = [
            # A repeated submission (or a second entry of the same talk) is refused by the service; this backs it.
            models.UniqueConstraint(fields=["organization", "held_on", "person_key"], name="plan_consultation_once"),
            models.CheckConstraint(condition=~Q(person_key=""), name="plan_consultation_person_known"),
        ]
        indexes = [
            models.Index(fields=["organization", "-held_on", "-id"], name="plan_consultation_org_order"),
            models.Index(fields=["-held_on", "-id"], name="plan_consultation_order"),
            models.Index(fields=["consultant", "-held_on"], name="plan_consultation_consultant"),
        ]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y} {self.full_name}"
