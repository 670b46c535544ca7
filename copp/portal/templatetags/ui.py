"""Template helpers for the UI patterns of UI.md: accessible form fields, status badges, pages."""
from django import forms, template
from django.utils.html import format_html

register = template.Library()

# Status badges mean the same everywhere (UI.md): colour plus text, never colour alone.
BADGE_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "pending": "text-bg-info",
    "in_review": "text-bg-info",
    "needs_changes": "text-bg-warning",
    "verified": "text-bg-success",
    "accepted": "text-bg-success",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-dark",
    "cancelled": "text-bg-dark",
    "archived": "text-bg-dark",
    "waitlist": "badge-waitlist",
    "revision": "text-bg-warning",
    "published": "text-bg-success",
    "superseded": "text-bg-dark",
    # Experts' verdicts and the chairperson's decisions (reviews).
    "approve": "text-bg-success",
    "revise": "text-bg-warning",
    "reject": "text-bg-danger",
}


@register.simple_tag
def status_badge(code, label):
    return format_html('<span class="badge {}">{}</span>', BADGE_CLASSES.get(code, "text-bg-secondary"), label)


@register.simple_tag
def field_input(bound_field):
    """Render a widget with Bootstrap classes and the ARIA links to its hint and error."""
    widget = bound_field.field.widget
    attrs = {}
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_hint")
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"
