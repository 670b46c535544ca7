"""Forms of the materials library: the material with its content, the catalogue's filters, attaching."""
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.core.choices import autocomplete
from copp.directories.models import Competency, Profession
from copp.organizations.models import Organization

from .choices import AUTHORS, PUBLISHERS
from .models import ContentForm, Licence, Material, MaterialKind, MaterialLanguage, MaterialLevel, VersionStatus

MULTI_HINT = _("To choose several, hold Ctrl (⌘ on a Mac) while clicking.")


class MaterialForm(forms.Form):
    """One form for the catalogue data (on the material) and the title, annotation and content (on the version)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    annotation = forms.CharField(label=_("Annotation"), widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("What the material teaches and to whom, in a few sentences."))
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none(),
                                          empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of material"), choices=MaterialKind.choices)
    form = forms.ChoiceField(label=_("What you add"), choices=ContentForm.choices,
                             initial=ContentForm.FILE)
    file = forms.FileField(label=_("File"), required=False, help_text=_(
        "PDF, DOCX, PPTX, XLSX, OpenDocument, MP4 or WebM video, a ZIP of an HTML5 or SCORM package, JPEG, PNG "
        "or WebP. The type is checked by the content, not the name."))
    link = forms.URLField(label=_("Link to the video or external course"), required=False, max_length=500,
                          assume_scheme="https")
    body = forms.CharField(label=_("Text of the page"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    competencies = forms.ModelMultipleChoiceField(label=_("Competencies"), help_text=MULTI_HINT,
                                                  queryset=Competency.objects.filter(is_active=True).order_by("name"))
    profession = forms.ModelChoiceField(label=_("Profession"), required=False, empty_label=_("Not specified"),
                                        queryset=Profession.objects.filter(is_active=True).order_by("name"))
    level = forms.ChoiceField(label=_("Level"), choices=MaterialLevel.choices, initial=MaterialLevel.BASIC)
    audience = forms.CharField(label=_("Audience"), required=False, max_length=300)
    hours = forms.IntegerField(label=_("Hours of study"), required=False, min_value=1, max_value=1000)
    language = forms.ChoiceField(label=_("Language"), choices=MaterialLanguage.choices)
    authors = forms.CharField(label=_("Authors"), required=False, max_length=500,
                              help_text=_("Everyone who wrote the material, as they should be cited."))
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    licence_text = forms.CharField(label=_("Terms of the other licence"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    change_note = forms.CharField(label=_("What changed in this version"), required=False, max_length=500)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    @classmethod
    def initial_of(cls, material: Material) -> dict:
        version = material.latest
        return {"title": version.title, "annotation": version.annotation, "organization": material.organization_id,
                "kind": material.kind, "form": version.form, "link": version.link, "body": version.body,
                "competencies": list(material.competencies.values_list("pk", flat=True)),
                "profession": material.profession_id, "level": material.level, "audience": material.audience,
                "hours": material.hours, "language": material.language, "authors": material.authors,
                "licence": material.licence, "licence_text": material.licence_text}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("For example, welding or safety")}))
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, empty_label=_("Any competency"),
                                        queryset=Competency.objects.filter(is_active=True).order_by("name"))
    kind = forms.ChoiceField(label=_("Kind of material"), required=False,
                             choices=[("", _("Any kind")), *MaterialKind.choices])
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *MaterialLevel.choices])
    licence = forms.ChoiceField(label=_("Licence"), required=False, choices=[("", _("Any licence")),
                                                                              *Licence.choices])
    organization = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          empty_label=_("Any organisation"), queryset=Organization.objects.none())

    SHOWN = {"q": "text", "competency": "competency", "kind": "kind", "level": "level", "licence": "licence",
             "organization": "organization"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Searchable (issue 15): the publishers are thousands of the region's organisations.
        autocomplete(self.fields["organization"], PUBLISHERS, user,
                     reverse_lazy("learning:materials_publisher_choices"))

    def values(self) -> dict:
        """Valid values only: a broken parameter in the URL is ignored, never an error page."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {"text": (data.get("q") or "").strip(), "competency": data.get("competency"),
                "kind": data.get("kind") or "", "level": data.get("level") or "", "licence": data.get("licence") or "",
                "organization": data.get("organization")}


class LibraryFilterForm(CatalogueFilterForm):
    """The CoPP's whole library: the catalogue's filters and the state of the latest version."""

    status = forms.ChoiceField(label=_("Review state"), required=False,
                               choices=[("", _("Any state")), *VersionStatus.choices])

    SHOWN = {**CatalogueFilterForm.SHOWN, "status": "status"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        autocomplete(self.fields["organization"], AUTHORS, user, reverse_lazy("learning:materials_author_choices"))

    def values(self) -> dict:
        values = super().values()
        data = getattr(self, "cleaned_data", {})
        values["status"] = data.get("status", "") if "status" not in self.errors else ""
        return values


class AttachForm(forms.Form):
    library_module = forms.ModelChoiceField(label=_("Module of the library"), required=False,
                                            empty_label=_("Choose…"), queryset=None)
    lesson = forms.ModelChoiceField(label=_("Lesson"), required=False, empty_label=_("Choose…"), queryset=None)

    def __init__(self, *args, modules, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library_module"].queryset = modules
        self.fields["lesson"].queryset = lessons
        self.fields["lesson"].label_from_instance = lambda lesson: (
            f"{timezone.localtime(lesson.starts_at):%d.%m.%Y %H:%M} · {lesson.group.code} · {lesson.topic}")
