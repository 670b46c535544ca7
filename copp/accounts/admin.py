"""Administration of users, their roles and consents (M29): add, edit, block, delete, history."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from copp.core.admin import ReadOnlyAdmin

from .models import ConsentRecord, ConsentText, ErasureRequest, RoleAssignment, User
from .services import account_erase, account_invite, consent_text_publish, user_block


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    verbose_name = _("role")
    verbose_name_plural = _("roles")
    readonly_fields = ("assigned_at",)


class UserCreationForm(forms.ModelForm):
    """A new account by the administrator: no password here; its owner sets one by the invitation letter."""

    class Meta:
        model = User
        fields = ("email", "last_name", "first_name", "patronymic")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ("last_name", "first_name", "email")
    list_display = ("email", "get_full_name", "roles_display", "is_active", "date_joined")
    list_filter = ("is_active", "role_assignments__role", "confirmed_by_esia")
    search_fields = ("email", "last_name", "first_name", "snils")
    inlines = [RoleAssignmentInline]
    actions = ["block_users"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("last_name", "first_name", "patronymic", "birth_date", "phone", "snils",
                                  "education_level", "municipality", "confirmed_by_esia")}),
        (_("Access"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "last_name", "first_name", "patronymic"),
                "description": _("The person gets a letter with a link to set their password; using it confirms "
                                 "the e-mail.")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            account_invite(actor=request.user, user=obj, request=request)
            messages.info(request, _("An invitation with a link to set the password was sent to %(email)s.") % {
                "email": obj.email})

    @admin.display(description=_("roles"))
    def roles_display(self, obj):
        return ", ".join(a.get_role_display() for a in obj.role_assignments.all()) or "—"

    @admin.action(description=_("Block selected users"))
    def block_users(self, request, queryset):
        for user in queryset.filter(is_active=True):
            user_block(actor=request.user, user=user, request=request)
        messages.success(request, _("The selected users are blocked and can no longer sign in."))


class ConsentTextForm(forms.ModelForm):
    class Meta:
        model = ConsentText
        fields = ("kind", "title", "body")


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """A consent text is never edited in place: saving publishes a new version (152-ФЗ)."""

    form = ConsentTextForm
    list_display = ("title", "kind", "version", "is_current", "published_at")
    list_filter = ("kind", "is_current")

    def save_model(self, request, obj, form, change):
        new = consent_text_publish(actor=request.user, kind=obj.kind, title=obj.title, body=obj.body,
                                   request=request)
        obj.pk, obj.version = new.pk, new.version
        messages.info(request, _("Version %(v)s is published; earlier consents keep their version.")
                      % {"v": new.version})

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "given_at", "ip", "withdrawn_at")
    list_filter = ("text",)
    search_fields = ("user__email", "user__last_name")
    list_select_related = ("user", "text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ErasureOpenFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("open")), ("done", _("done"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    """Requests to destroy a subject's data after consent was withdrawn (152-ФЗ): the daily job erases the due
    ones; an administrator may erase earlier with the action."""

    list_display = ("pk", "user", "requested_at", "due_at", "done_at", "done_by")
    list_filter = (ErasureOpenFilter, ("due_at", admin.DateFieldListFilter))
    search_fields = ("user__email", "user__last_name")
    list_select_related = ("user", "done_by")
    date_hierarchy = "due_at"
    actions = ["erase_now"]
    readonly_fields = ("user", "requested_at", "due_at", "done_at", "done_by", "ip")

    @admin.action(description=_("Delete the data now"), permissions=["view"])
    def erase_now(self, request, queryset):
        erased = 0
        for erasure in queryset.filter(done_at__isnull=True, user__isnull=False).select_related("user"):
            account_erase(user=erasure.user, actor=request.user, request=request)
            erased += 1
        messages.success(request, _("Personal data is destroyed for %(count)s request(s).") % {"count": erased})
