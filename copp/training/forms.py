"""Forms of the training app: the group, a lesson, a weekly pattern, roster actions, completion, filters."""
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.core.choices import SMALL_LIST, autocomplete
from copp.directories.models import Competency, GradeValue, LessonType
from copp.organizations.choices import ORGANIZATIONS
from copp.organizations.models import Organization
from copp.programs.choices import PROGRAMS
from copp.programs.models import IssuedDocument, Program, ProgramModule
from copp.resources.choices import SITES, TEACHERS
from copp.resources.models import Equipment, Room, Site, StaffMember

from .availability import LessonPlan
from .models import Group, GroupStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# Dates people may ask the timetables for: a wrong or far-off date shows today's week instead (never an error).
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 3), datetime.date(2100, 12, 26)


def query_day(value: str | None) -> datetime.date:
    """A day from the query string; today when it is missing, malformed or far off."""
    try:
        day = datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()
    return day if FIRST_DAY <= day <= LAST_DAY else timezone.localdate()


def load_period(query):
    """The load chart's period, step and level from the query string, with safe defaults (at most 400 days)."""
    by = query.get("by") if query.get("by") in ("week", "month") else "week"
    first = query_day(query.get("from"))
    last = query_day(query.get("to")) if query.get("to") else first + datetime.timedelta(days=55)
    if last < first or (last - first).days > 400:
        last = first + datetime.timedelta(days=55)
    level = "room" if query.get("level") == "room" else "site"
    return first, last, by, level


WEEKDAYS = [(0, _("Mon")), (1, _("Tue")), (2, _("Wed")), (3, _("Thu")), (4, _("Fri")), (5, _("Sat")),
            (6, _("Sun"))]


class GroupForm(forms.ModelForm):
    """The facts of a group; the rules about them (the provider's own program, site, teachers and curator, the
    period, the places) are `services.group_save`'s, and its refusals are shown on these fields."""

    class Meta:
        model = Group
        fields = ("code", "program", "provider", "starts_on", "ends_on", "study_form", "capacity", "site",
                  "teachers", "curator", "grade_scale")
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET,
                   "teachers": forms.SelectMultiple(attrs={"size": 6})}
        help_texts = {"teachers": _("Only the group's teachers fill its journal."),
                      "code": _("For example, СВ-2026-01")}

    def __init__(self, *args, providers, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): CoPP staff make groups of any of the region's organisations and programs.
        autocomplete(self.fields["provider"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"))
        self.fields["provider"].queryset = self.fields["provider"].queryset.filter(pk__in=providers.values("pk"))
        autocomplete(self.fields["program"], PROGRAMS, user, reverse_lazy("programs:choices"))
        self.fields["program"].queryset = self.fields["program"].queryset.filter(provider__in=providers.values("pk"))
        # CoPP staff make groups of any of the region's organisations: the sites, teachers and curators offered are
        # then the chosen organisation's only (the service accepts no other), not every one of the region's.
        own = providers
        if len(providers.order_by()[:SMALL_LIST + 1].values_list("pk", flat=True)) > SMALL_LIST:
            chosen = self._chosen_provider()
            own = providers.filter(pk=chosen) if chosen else providers.none()
            self.fields["site"].help_text = _("The sites, teachers and curators offered are those of the group's "
                                              "organisation: choose it and save the group first.")
        self.fields["site"].queryset = Site.objects.filter(organization__in=own, is_active=True)
        self.fields["teachers"].queryset = StaffMember.objects.filter(organization__in=own, is_active=True)
        self.fields["curator"].queryset = get_user_model().objects.filter(
            memberships__organization__in=own, memberships__is_active=True).distinct()

    def _chosen_provider(self) -> int | None:
        """The organisation of the group: the one submitted, else the saved or suggested one."""
        value = self.data.get(self.add_prefix("provider")) if self.is_bound else None
        if value is None:
            value = self.initial.get("provider") or self.instance.provider_id
        value = getattr(value, "pk", value)
        return int(value) if str(value or "").isdigit() else None

    def _post_clean(self):
        # The instance is changed by the service, not by the form; the code's uniqueness is the service's too.
        pass


class GroupStatusForm(forms.Form):
    target = forms.ChoiceField(choices=GroupStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


# Dates a lesson may take: a mistyped year must neither overflow the calendar nor reach the database.
LESSON_FIRST_DAY, LESSON_LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def lesson_day(value):
    if not LESSON_FIRST_DAY <= value <= LESSON_LAST_DAY:
        raise forms.ValidationError(_("Give a date between 2000 and 2100."), code="date_range")


EQUIPMENT_ROWS = 3  # pieces of equipment one lesson form books


class LessonTimeMixin(forms.Form):
    date = forms.DateField(label=_("Lesson date"), widget=DATE_WIDGET, validators=[lesson_day])
    start = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("End time"), widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The lesson must end after it starts."))
        return cleaned

    def period(self):
        date = self.cleaned_data["date"]
        return (timezone.make_aware(datetime.datetime.combine(date, self.cleaned_data["start"])),
                timezone.make_aware(datetime.datetime.combine(date, self.cleaned_data["end"])))


class LessonForm(LessonTimeMixin):
    """One lesson of a group: time, what, who, where and with what."""

    topic = forms.CharField(label=_("Lesson topic"), max_length=300)
    lesson_type = forms.ModelChoiceField(label=_("Lesson type"), queryset=LessonType.objects.filter(is_active=True))
    module = forms.ModelChoiceField(label=_("Program module"), queryset=ProgramModule.objects.none(),
                                    required=False)
    teachers = forms.ModelMultipleChoiceField(label=_("Teachers"), queryset=StaffMember.objects.none(),
                                              required=False, widget=forms.SelectMultiple(attrs={"size": 4}))
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False,
                                  help_text=_("Without a room the lesson takes the whole site."))
    equipment = forms.ModelChoiceField(label=_("Equipment"), queryset=Equipment.objects.none(), required=False,
                                       help_text=_("Up to three pieces of equipment, each with its quantity."))
    equipment_quantity = forms.IntegerField(label=_("Equipment quantity"), min_value=1, initial=1, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https",
                                 help_text=_("For a remote lesson."))

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        org = group.provider_id
        self.fields["module"].queryset = ProgramModule.objects.filter(program=group.program_id)
        self.fields["teachers"].queryset = StaffMember.objects.filter(organization=org, is_active=True,
                                                                      is_bookable=True)
        self.fields["site"].queryset = Site.objects.filter(organization=org, is_active=True, is_bookable=True)
        # A new lesson takes place at the group's own site unless the form says otherwise.
        if group.site_id and "site" not in self.initial:
            self.fields["site"].initial = group.site_id
        self.fields["room"].queryset = Room.objects.filter(site__organization=org, is_active=True,
                                                           is_bookable=True).select_related("site")
        equipment = Equipment.objects.filter(organization=org, is_active=True, is_bookable=True)
        self.fields["equipment"].queryset = equipment
        # Further pieces of equipment, each with its quantity, right after the first one.
        for row in range(2, EQUIPMENT_ROWS + 1):
            self.fields[f"equipment_{row}"] = forms.ModelChoiceField(
                label=_("Equipment (%(row)s)") % {"row": row}, queryset=equipment, required=False)
            self.fields[f"equipment_quantity_{row}"] = forms.IntegerField(
                label=_("Quantity (%(row)s)") % {"row": row}, min_value=1, initial=1, required=False)
        order = list(self.fields)
        at = order.index("equipment_quantity") + 1
        extra = [name for name in order if name.startswith(("equipment_", "equipment_quantity_"))
                 and name not in ("equipment_quantity",)]
        self.order_fields(order[:at] + extra + [n for n in order[at:] if n not in extra])

    def equipment_rows(self) -> list:
        """[(equipment, quantity)] of the filled rows; one piece of equipment appears once."""
        data, rows = self.cleaned_data, []
        for row in range(1, EQUIPMENT_ROWS + 1):
            suffix = "" if row == 1 else f"_{row}"
            item = data.get(f"equipment{suffix}")
            if item is not None:
                rows.append((item, data.get(f"equipment_quantity{suffix}") or 1))
        return rows

    def clean(self):
        cleaned = super().clean()
        site, room = cleaned.get("site"), cleaned.get("room")
        if room and site and room.site_id != site.pk:
            self.add_error("room", _("Choose a room of the chosen site."))
        if not site and not room and not cleaned.get("online_link"):
            self.add_error("site", _("Give the site or the online link."))
        chosen = [item for item, _quantity in self.equipment_rows()]
        if len(chosen) != len(set(chosen)):
            self.add_error("equipment", _("Each piece of equipment goes in one row, with its whole quantity."))
        return cleaned

    def plan(self, starts_at=None, ends_at=None) -> LessonPlan:
        data = self.cleaned_data
        if starts_at is None and "date" in data:
            starts_at, ends_at = self.period()
        equipment = self.equipment_rows()
        room = data.get("room")
        return LessonPlan(group=self.group, starts_at=starts_at, ends_at=ends_at, topic=data.get("topic", ""),
                          lesson_type=data.get("lesson_type"), module=data.get("module"),
                          site=room.site if room else data.get("site"), room=room,
                          online_link=data.get("online_link", ""), teachers=list(data.get("teachers") or []),
                          equipment=equipment)


class PatternForm(LessonForm):
    """The same lesson on chosen weekdays over a date range."""

    date_to = forms.DateField(label=_("Last date"), widget=DATE_WIDGET, validators=[lesson_day])
    weekdays = forms.TypedMultipleChoiceField(label=_("Weekdays"), choices=WEEKDAYS, coerce=int,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("First date")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date"), cleaned.get("date_to")
        if first and last and (last < first or (last - first).days > 366):
            self.add_error("date_to", _("The last date must be after the first one and within a year."))
        return cleaned


class MoveForm(LessonTimeMixin):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AddLearnerForm(forms.Form):
    email = forms.EmailField(label=_("Learner's e-mail"),
                             help_text=_("The learner must have an account on the platform."))
    sent_by = forms.ModelChoiceField(label=_("Sending organisation"), required=False,
                                     queryset=Organization.objects.none(),
                                     help_text=_("The employer that sent the learner, if any."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete(self.fields["sent_by"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No one with this e-mail is registered on the platform."))
        self.learner = user
        return email


class MoveLearnerForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Target group"), queryset=Group.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = groups


class CompleteForm(forms.Form):
    final_grade = forms.ModelChoiceField(label=_("Final grade"), queryset=GradeValue.objects.none(),
                                         required=False)
    document_type = forms.ChoiceField(label=_("Document type"), choices=IssuedDocument.choices)
    document_series = forms.CharField(label=_("Document series"), max_length=20, required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=40)
    document_date = forms.DateField(label=_("Document date"), widget=DATE_WIDGET)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_grade"].queryset = GradeValue.objects.filter(scale=scale) if scale else \
            GradeValue.objects.none()


class RegionFilterForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), required=False, empty_label=_("Any organisation"),
                                          queryset=Organization.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), required=False, empty_label=_("Any site"),
                                  queryset=Site.objects.none())
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    program = forms.ModelChoiceField(label=_("Program"), required=False, empty_label=_("Any program"),
                                     queryset=Program.objects.none())
    teacher = forms.ModelChoiceField(label=_("Teacher"), required=False, empty_label=_("Any teacher"),
                                     queryset=StaffMember.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): the region has 20 000 programs, 5 000 organisations and their teachers.
        autocomplete(self.fields["organization"], ORGANIZATIONS, user, reverse_lazy("organizations:choices"))
        autocomplete(self.fields["program"], PROGRAMS, user, reverse_lazy("programs:choices"))
        autocomplete(self.fields["teacher"], TEACHERS, user, reverse_lazy("resources:teacher_choices"))
        autocomplete(self.fields["site"], SITES, user, reverse_lazy("resources:site_choices"))
