"""Admin of integrator tokens: issue (the key is shown once), list, revoke."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import IntegratorToken
from .services import integrator_token_check, integrator_token_issue, integrator_token_revoke


class IntegratorTokenAddForm(forms.ModelForm):
    class Meta:
        model = IntegratorToken
        fields = ("name", "organization", "user", "expires_at")

    def clean(self):
        data = super().clean()
        if data.get("organization"):
            try:
                integrator_token_check(organization=data["organization"], expires_at=data.get("expires_at"),
                                       user=data.get("user"))
            except ValidationError as error:
                self.add_error(None, error)
        return data


class TokenStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("active", _("Active")), ("expired", _("Expired")), ("revoked", _("Revoked")))

    def queryset(self, request, queryset):
        now = timezone.now()
        not_expired = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        if self.value() == "active":
            return queryset.filter(not_expired, revoked_at__isnull=True)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True).exclude(not_expired)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(IntegratorToken)
class IntegratorTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "key_prefix", "state", "created_at", "last_used_at", "expires_at",
                    "revoked_at")
    list_filter = (TokenStateFilter, "organization__type")
    search_fields = ("name", "key_prefix", "organization__short_name", "organization__inn")
    list_select_related = ("organization",)
    raw_id_fields = ("user",)
    readonly_fields = ("key_prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_tokens",)
    date_hierarchy = "created_at"

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.is_revoked:
            return _("Revoked")
        if obj.is_expired:
            return _("Expired")
        return _("Active")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = IntegratorTokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return IntegratorTokenAddForm.Meta.fields
        return ("name", "organization", "user", "key_prefix", "created_by", "created_at", "expires_at",
                "last_used_at", "revoked_at")

    def has_change_permission(self, request, obj=None):
        return False  # a token is revoked and a new one issued, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay for the record

    def save_model(self, request, obj, form, change):
        token, key = integrator_token_issue(
            actor=request.user, organization=form.cleaned_data["organization"],
            name=form.cleaned_data["name"], expires_at=form.cleaned_data.get("expires_at"),
            user=form.cleaned_data.get("user"), request=request,
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.success(request, _(
            "Copy the key of the token “%(name)s” now: %(key)s — it is stored only as a hash and will not "
            "be shown again."
        ) % {"name": token.name, "key": key})

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            integrator_token_revoke(actor=request.user, token=token, request=request)
            count += 1
        self.message_user(request, _("Tokens revoked: %(count)d.") % {"count": count}, messages.SUCCESS)
