"""Expert review (M15): experts drawn from the staff registry, criteria sets, reviews of a subject in rounds,
each expert's scorecard, anchored comments and verdict, and the chairperson's decision of a round."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from copp.core.models import TimeStampedModel
from copp.organizations.models import Organization
from copp.resources.models import StaffMember


class Expert(TimeStampedModel):
    """A person of the staff registry (with an account) who may be assigned to reviews; their competencies
    are those of the staff record."""

    staff = models.OneToOneField(StaffMember, verbose_name=_("staff member"), on_delete=models.PROTECT,
                                 related_name="expert")
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["staff__last_name", "staff__first_name", "pk"]

    def __str__(self):
        return self.staff.full_name


class CriteriaSet(models.Model):
    """A configurable scorecard for one reviewable kind."""

    kind = models.CharField(_("what it reviews"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE,
                                     related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=300)
    hint = models.TextField(_("what to look at"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    comment_below = models.PositiveSmallIntegerField(
        _("comment required below"), default=3,
        help_text=_("A score below this number needs the expert's comment."))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="reviews_criterion_weight"),
            models.CheckConstraint(condition=models.Q(scale_max__gte=1), name="reviews_criterion_scale"),
        ]

    def __str__(self):
        return self.title


class ReviewStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("In review")
    REVISION = "revision", _("Needs changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Review(TimeStampedModel):
    """The review of one subject (a program): a series of rounds, one per version the authors send."""

    kind = models.CharField(_("what is reviewed"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record id"))
    title = models.CharField(_("title"), max_length=300)
    organization = models.ForeignKey(Organization, verbose_name=_("author organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices,
                              default=ReviewStatus.IN_REVIEW, db_index=True)
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT,
                                     related_name="+")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("chairperson"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="reviews_one_per_subject")]
        indexes = [
            models.Index(fields=["status", "kind"]), models.Index(fields=["organization", "status"]),
            # The staff list's order: its page reads ids along this index, not a sort of every review (issue 15).
            models.Index(fields=["-updated_at", "-id"], name="reviews_review_recent"),
            # The staff list's search by words of the title (icontains is UPPER(title) LIKE '%…%').
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="reviews_review_title_trgm"),
        ]

    def __str__(self):
        return self.title


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REVISE = "revise", _("Send for revision")
    REJECT = "reject", _("Reject")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    DECIDED = "decided", _("Decided")


class Round(models.Model):
    """One round: the version it reviews, the experts, the due date, the chairperson's decision."""

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    version_ref = models.PositiveBigIntegerField(_("version id"))
    version_label = models.CharField(_("version"), max_length=100)
    is_blind = models.BooleanField(_("blind round"), default=False,
                                   help_text=_("The authors do not see the experts' names."))
    due_on = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("opened on"), auto_now_add=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="reviews_round_number"),
            models.UniqueConstraint(fields=["review"], condition=models.Q(status="open"),
                                    name="reviews_one_open_round"),
        ]
        # Overdue experts (the staff list's warning and filter, the reminders) are in open rounds past the due
        # date: a range of this index, not every open round (issue 15).
        indexes = [models.Index(fields=["due_on"], include=["id"], condition=models.Q(status="open"),
                                name="reviews_round_open_due")]

    def __str__(self):
        return f"{self.review} — {self.number}"

    @property
    def is_open(self) -> bool:
        """Experts still work on this round (templates read this flag, never the status literal)."""
        return self.status == RoundStatus.OPEN


class Assignment(models.Model):
    """An expert's part in a round: the scorecard, comments and verdict."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(_("assigned on"), auto_now_add=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Decision.choices, blank=True, db_index=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    verdict_at = models.DateTimeField(_("verdict given on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "expert"], name="reviews_expert_once_per_round")]
        # Experts without a verdict by round: the overdue ones are counted from the overdue open rounds through this
        # small index only, not by reading every assignment without a verdict (issue 15).
        indexes = [models.Index(fields=["round"], condition=models.Q(verdict=""), name="reviews_assignment_pending")]

    def __str__(self):
        return f"{self.round} — {self.expert}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
                                   related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="reviews_score_once")]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class Comment(models.Model):
    """A remark anchored to a section or a module of the reviewed version."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
                                   related_name="comments")
    anchor = models.CharField(_("section"), max_length=60)
    anchor_label = models.CharField(_("section title"), max_length=300)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.anchor_label
