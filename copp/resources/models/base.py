"""Shared parts of resource records: the organisation they belong to, scoping by who asks, conditions."""
from django.db import models
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from copp.core.access import has_capability
from copp.core.models import TimeStampedModel
from copp.core.roles import Cap
from copp.organizations.models import Membership, Organization


def own_organization_ids(user):
    """A subquery of the organisations the user is an active member of."""
    return Membership.objects.filter(user=user, is_active=True).values("organization_id")


class ResourceQuerySet(models.QuerySet):
    """Rows scoped by who asks. Models say where their organisation is with `organization_path`."""

    def _own(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        path = self.model.organization_path
        return self.filter(**{f"{path}__in": Subquery(own_organization_ids(user))})

    def visible_to(self, user):
        """Everything for those who read the whole region; the user's own organisations' rows otherwise."""
        if has_capability(user, Cap.RESOURCES_BROWSE) or has_capability(user, Cap.RESOURCES_ALL):
            return self.all()
        if has_capability(user, Cap.RESOURCES_VIEW):
            return self._own(user)
        return self.none()

    def editable_by(self, user):
        """Everything for CoPP staff; the user's own organisations' rows for partner representatives."""
        if has_capability(user, Cap.RESOURCES_ALL):
            return self.all()
        if has_capability(user, Cap.RESOURCES_OWN):
            return self._own(user)
        return self.none()


def organizations_editable_by(user):
    """The organisations whose records the user may add to."""
    if has_capability(user, Cap.RESOURCES_ALL):
        return Organization.objects.all()
    if has_capability(user, Cap.RESOURCES_OWN) and getattr(user, "is_authenticated", False):
        return Organization.objects.filter(pk__in=Subquery(own_organization_ids(user)))
    return Organization.objects.none()


class Condition(models.TextChoices):
    WORKING = "working", _("Working")
    NEEDS_REPAIR = "needs_repair", _("Needs repair")
    OUT_OF_ORDER = "out_of_order", _("Out of order")


class ResourceModel(TimeStampedModel):
    """A record of one organisation's resource. Records are archived, never deleted, so that lessons
    that booked them keep pointing at them."""

    organization_path = "organization"

    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    is_active = models.BooleanField(_("in use"), default=True, db_index=True,
                                    help_text=_("Archived records are hidden from the registry and scheduling."))
    notes = models.TextField(_("notes"), blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        abstract = True


class BookableMixin(models.Model):
    """What scheduling needs besides the id: whether lessons may book the resource at all."""

    is_bookable = models.BooleanField(_("can be booked"), default=True,
                                      help_text=_("Lessons can book it in the schedule."))

    class Meta:
        abstract = True
