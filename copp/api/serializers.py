"""Serializers of the open API: dictionaries, organisations (public or full card), the caller."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from copp.core.roles import Role
from copp.directories.models import (
    AttendanceStatus,
    Competency,
    FundingSource,
    GradeScale,
    GradeValue,
    Municipality,
    ProgramKind,
)
from copp.organizations.models import Organization

from .models import IntegratorToken

DICTIONARY_FIELDS = ("id", "code", "name", "order")
# Fields a dictionary has beyond the common ones; a new dictionary with extra fields is listed here.
DICTIONARY_EXTRA_FIELDS = {
    Competency: ("group", "is_priority", "description"),
    ProgramKind: ("min_hours",),
    FundingSource: ("is_free_for_learner",),
    Municipality: ("region",),
    AttendanceStatus: ("short_name", "counts_as_present"),
}


class GradeValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeValue
        fields = ("id", "code", "name", "points", "is_passing")
        read_only_fields = fields


def dictionary_serializer(model) -> type[serializers.ModelSerializer]:
    """A read-only serializer of one dictionary; its class name gives the schema component's name."""
    fields = DICTIONARY_FIELDS + DICTIONARY_EXTRA_FIELDS.get(model, ())
    attrs = {"Meta": type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})}
    if model is GradeScale:
        attrs["values"] = GradeValueSerializer(many=True, read_only=True)
        attrs["Meta"].fields += ("values",)
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


ORGANIZATION_PUBLIC_FIELDS = (
    "id", "type", "name", "short_name", "inn", "ogrn", "municipality", "website", "competencies",
)
ORGANIZATION_FULL_FIELDS = ("kpp", "legal_address", "postal_address", "phone", "email", "verification_status")


class OrganizationSerializer(serializers.ModelSerializer):
    """An organisation's card. The full-card fields are present only for callers allowed to see them:
    holders of the organisations database, the organisation's members and its integrator tokens."""

    class Meta:
        model = Organization
        fields = ORGANIZATION_PUBLIC_FIELDS + ORGANIZATION_FULL_FIELDS
        read_only_fields = ORGANIZATION_PUBLIC_FIELDS
        # Output only. Marked optional (not read-only) so the schema does not list them as always present.
        extra_kwargs = {name: {"required": False} for name in ORGANIZATION_FULL_FIELDS}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not getattr(instance, "full_card", False):
            for name in ORGANIZATION_FULL_FIELDS:
                data.pop(name, None)
        return data


class MeUserSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True, help_text=_("Always “user”: signed in with a session."))
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), read_only=True)


class IntegratorTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = IntegratorToken
        fields = ("name", "key_prefix", "created_at", "expires_at")
        read_only_fields = fields


class MeIntegratorSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True, help_text=_("Always “integrator”: signed in with a token."))
    token = IntegratorTokenSerializer(read_only=True)
    organization = OrganizationSerializer(read_only=True)
