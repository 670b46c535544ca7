"""drf-spectacular extensions: document the integrator token scheme (imported from ApiConfig.ready)."""
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class IntegratorTokenScheme(OpenApiAuthenticationExtension):
    target_class = "copp.api.authentication.IntegratorTokenAuthentication"
    name = "integratorToken"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
        scheme["description"] = _(
            "The integrator key issued by the platform administrator: `Authorization: Token <key>`."
        )
        return scheme
