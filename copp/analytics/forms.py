"""Forms of the monitoring app: the dashboard's filters (period and dimensions), the plan values, the ФИС ФРДО
export's period."""
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.directories.models import Competency, Municipality, ProgramKind

from .models import FUNNEL_STEPS, Metric
from .selectors import Filters

PERIODS = (("month", pgettext_lazy("period", "Month")), ("quarter", pgettext_lazy("period", "Quarter")),
           ("year", pgettext_lazy("period", "Year")), ("custom", pgettext_lazy("period", "Custom dates")))
# The funnel's steps are shares of the applications filed: a plan is set for the flows, not for them.
PLANNED = tuple(m for m in Metric if m.value not in FUNNEL_STEPS)
MAX_DAYS = 366 * 5  # a custom period longer than five years is refused: the charts would be unreadable


def _bootstrap(form) -> None:
    """Bootstrap's classes on every widget: selects get form-select, the rest form-control."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs["class"] = css


class LocalDateInput(forms.DateInput):
    """A date typed as the region writes it (28.11.2026) whatever the browser's own language: a browser's date
    picker follows the browser's locale, not the page's. ISO dates (links, the API's style) are accepted too."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "placeholder": _("DD.MM.YYYY"), "autocomplete": "off",
                                "pattern": r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}", **(attrs or {})},
                         format="%d.%m.%Y")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=LocalDateInput(), input_formats=DATE_FORMATS,
                           error_messages={"invalid": _("Enter the date as DD.MM.YYYY, for example 28.11.2026.")},
                           **kwargs)


DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")


def period_bounds(period: str, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The month, quarter or year that holds a day."""
    if period == "year":
        return datetime.date(on.year, 1, 1), datetime.date(on.year, 12, 31)
    start = datetime.date(on.year, (on.month - 1) // 3 * 3 + 1, 1) if period == "quarter" else on.replace(day=1)
    months = 3 if period == "quarter" else 1
    total = start.year * 12 + start.month - 1 + months
    return start, datetime.date(total // 12, total % 12 + 1, 1) - datetime.timedelta(days=1)


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    on = date_field(_("Any day of the period"), required=False)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)
    # A region has thousands of organisations and programs: they are found by a part of the name, not listed.
    organization_name = forms.CharField(label=_("Organisation (part of the name)"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          empty_label=_("Any municipality"),
                                          queryset=Municipality.objects.filter(is_active=True))
    program_title = forms.CharField(label=_("Program (part of the title)"), required=False, max_length=100)
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    kind = forms.ModelChoiceField(label=_("Program kind"), required=False, empty_label=_("Any kind"),
                                  queryset=ProgramKind.objects.filter(is_active=True))

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            first, last = data.get("date_from"), data.get("date_to")
            if not first or not last:
                raise ValidationError(_("Enter both dates of the period."))
            if last < first:
                raise ValidationError(_("The end of the period is before its start."))
            if (last - first).days > MAX_DAYS:
                raise ValidationError(_("Choose a period of at most five years."))
        return data

    def filters(self) -> Filters:
        """The filters chosen, or the current month of the whole region (scoped) when the form is invalid."""
        # The valid filters still apply when another one is refused (it is shown with its error).
        data = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that passed
            data = dict(self.cleaned_data)
        if self.non_field_errors():
            data = {k: v for k, v in data.items() if k not in ("period", "date_from", "date_to")}
        period = data.get("period") or "month"
        if period == "custom" and data.get("date_from") and data.get("date_to"):
            first, last = data["date_from"], data["date_to"]
        else:
            first, last = period_bounds("month" if period == "custom" else period,
                                        data.get("on") or timezone.localdate())
        pick = {name: (data[name].pk if data.get(name) else None) for name in ("municipality", "competency", "kind")}
        return Filters(first=first, last=last, scope=self.scope, organization_name=data.get("organization_name", ""),
                       program_title=data.get("program_title", ""), **pick)


class PlanForm(forms.Form):
    """One plan value per indicator for a year."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for metric in PLANNED:
            self.fields[metric.value] = forms.DecimalField(label=metric.label, required=False, min_value=0,
                                                           max_digits=14, decimal_places=2)
        _bootstrap(self)

    def values(self) -> dict:
        return {m.value: self.cleaned_data.get(m.value) for m in PLANNED}


class FrdoForm(forms.Form):
    """The period of issued documents and the template (ДПО or ПО)."""

    template = forms.ChoiceField(label=_("Template"), choices=(
        ("dpo", _("Additional professional education (upskilling, retraining)")),
        ("po", _("Vocational training (worker professions)"))))
    date_from = date_field(_("Documents issued from"))
    date_to = date_field(_("to"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError(_("The end of the period is before its start."))
        return data
