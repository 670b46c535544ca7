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


def document_rate_limits(result, generator, request, public):
    """Add the 429 answer (rate limit spent, with `Retry-After`) to every operation of the schema."""
    components = result.setdefault("components", {})
    components.setdefault("responses", {})["RateLimited"] = {
        "description": _("Too many requests: the rate limit of the key or address is spent; retry after the "
                         "number of seconds in the Retry-After header."),
        "headers": {"Retry-After": {"schema": {"type": "integer"},
                                    "description": _("Seconds until the next request is accepted.")}},
        "content": {"application/json": {"schema": {
            "type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}}},
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in ("get", "post", "put", "patch", "delete") and isinstance(operation, dict):
                operation.setdefault("responses", {})["429"] = {"$ref": "#/components/responses/RateLimited"}
    return result
