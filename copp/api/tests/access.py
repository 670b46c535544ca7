"""Rows of the access matrix (tests/test_access_matrix.py) for the API's routes."""
from copp.api.urls import DICTIONARY_PREFIXES
from copp.directories.models import DICTIONARIES, Municipality, Region
from copp.organizations.models import OrganizationType
from tests.access import ALL_ROLES, PUBLIC, Route, org


def dictionary_item(model):
    """URL kwargs of an active item of the dictionary, made when the dictionary is empty."""

    def kwargs(_world):
        item = model.objects.filter(is_active=True).first()
        if item is None:
            extra = {}
            if model is Municipality:
                extra["region"] = Region.objects.create(code="ACC", name="Край")
            item = model.objects.create(code="ACCESS", name="Проверка доступа", **extra)
        return {"pk": item.pk}

    return kwargs


ROUTES = {
    "api:api-root": Route(PUBLIC),
    "api:schema": Route(PUBLIC),
    "api:swagger-ui": Route(PUBLIC),
    "api:redoc": Route(PUBLIC),
    "api:organization-list": Route(PUBLIC),
    "api:organization-detail": Route(PUBLIC, kwargs=org(OrganizationType.CUSTOMER)),
    "api:me": Route(ALL_ROLES, anonymous=401),
    "api:material-list": Route(PUBLIC),
    # Only approved materials exist for the API; a draft's id is a 404 for everyone (copp/learning/materials).
    "api:material-detail": Route(PUBLIC, kwargs=lambda w: {"pk": 999999}, ok=(404,)),
}
for _model in DICTIONARIES:
    _prefix = DICTIONARY_PREFIXES[_model.__name__]
    ROUTES[f"api:{_prefix}-list"] = Route(PUBLIC)
    ROUTES[f"api:{_prefix}-detail"] = Route(PUBLIC, kwargs=dictionary_item(_model))
