"""The committed openapi.yaml is the schema the code generates; regenerate it with `make openapi`."""
from pathlib import Path

from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

SCHEMA_FILE = Path(settings.BASE_DIR) / "openapi.yaml"
COMMAND = ("DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py spectacular "
           "--lang ru --validate --file openapi.yaml")


def generate() -> tuple[dict, str]:
    """The same as the management command: the public schema in the default language (Russian)."""
    with translation.override(settings.LANGUAGE_CODE):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return schema, OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def test_schema_is_valid_openapi():
    schema, _text = generate()
    validate_schema(schema)
    assert "integratorToken" in schema["components"]["securitySchemes"]


def test_committed_schema_is_up_to_date():
    _schema, text = generate()
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert text == committed, (
        "openapi.yaml differs from the schema the code generates: run `make openapi` "
        f"({COMMAND}) and commit the file."
    )
