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


JSON_ERROR = {"application/json": {"schema": {"oneOf": [
    {"type": "object", "additionalProperties": True,
     "description": "{\"detail\": \"...\"} or {\"<field>\": [\"...\"]}"},
    {"type": "array", "items": {"type": "string"}},
]}}}
DETAIL = {"application/json": {"schema": {
    "type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}}}


def document_error_answers(result, generator, request, public):
    """Make the schema tell the truth about errors and blank links (issue 14).

    Every operation may answer 400 (a wrong parameter, a NUL character anywhere, a bad body) and 401 (a wrong
    or revoked key, even on public lists); one that needs a caller answers 403 to a caller without the right;
    one with a path parameter, and every paged list (a page past the end), answers 404. A link that may be
    left blank is a URI or an empty string, as the API sends it."""
    components = result.setdefault("components", {})
    responses = components.setdefault("responses", {})
    responses["BadRequest"] = {"description": _("Wrong input: the message names the parameter or field."),
                               "content": JSON_ERROR}
    responses["Unauthorized"] = {"description": _("The key is wrong, revoked or missing where one is needed."),
                                 "content": DETAIL}
    responses["Forbidden"] = {"description": _("The caller may not do this."), "content": DETAIL}
    responses["NotFound"] = {"description": _("No such record, or not visible to the caller; or a page past "
                                              "the end of the list."), "content": DETAIL}
    for path_name, path in result.get("paths", {}).items():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete") or not isinstance(operation, dict):
                continue
            answers = operation.setdefault("responses", {})
            answers.setdefault("400", {"$ref": "#/components/responses/BadRequest"})
            answers.setdefault("401", {"$ref": "#/components/responses/Unauthorized"})
            if {} not in operation.get("security", []):
                answers.setdefault("403", {"$ref": "#/components/responses/Forbidden"})
            paged = any(p.get("name") == "page" for p in operation.get("parameters", []))
            if "{" in path_name or paged:
                answers.setdefault("404", {"$ref": "#/components/responses/NotFound"})
    for schema in components.get("schemas", {}).values():
        for name, prop in list(schema.get("properties", {}).items()):
            # A model's URLField(blank=True) is "" when not filled in, which `format: uri` alone forbids.
            if prop.get("format") == "uri" and not prop.get("nullable") and "oneOf" not in prop:
                uri = {k: v for k, v in prop.items() if k in ("type", "format", "maxLength")}
                rest = {k: v for k, v in prop.items() if k not in ("type", "format", "maxLength")}
                schema["properties"][name] = {**rest, "oneOf": [uri, {"type": "string", "maxLength": 0}]}
    return result
