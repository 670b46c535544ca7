"""Records of every kind for the resources tests; each belongs to the organisation it is given."""
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from copp.directories.models import Competency, Municipality, Region
from tests.factories import sample_image, sample_pdf

from ..models import (
    Consumable,
    Equipment,
    EquipmentCategory,
    EquipmentType,
    IctKind,
    IctResource,
    ReferenceKind,
    ReferenceResource,
    Room,
    Site,
    SitePhoto,
    Software,
    StaffDocument,
    StaffMember,
    Tool,
)

_serial = itertools.count(1)
# Real files of the accepted types: uploads are parsed whole (copp.core.uploads).
PNG = sample_image("PNG")
PDF = sample_pdf()


def ru(msgid: str) -> str:
    """What a Russian-speaking user reads for a msgid the platform's apps share (such as «Municipality»),
    whose wording the app that comes first in INSTALLED_APPS decides."""
    with translation.override("ru"):
        return translation.gettext(msgid)


def municipality(name="Екатеринбург"):
    found = Municipality.objects.filter(name=name).first()
    if found:
        return found
    region = Region.objects.filter(code="66").first() or Region.objects.create(code="66", name="Свердловская область")
    return Municipality.objects.create(code=f"m{next(_serial)}", name=name, region=region)


def competency(name="Сварочные технологии"):
    return Competency.objects.filter(name=name).first() or Competency.objects.create(
        code=f"c{next(_serial)}", name=name)


def equipment_type(category=EquipmentCategory.EQUIPMENT):
    return EquipmentType.objects.filter(category=category, is_active=True).first() or EquipmentType.objects.create(
        code=f"t{next(_serial)}", name=f"Тип {next(_serial)}", category=category)


def site(org, **kwargs):
    kwargs.setdefault("name", f"Мастерская № {next(_serial)}")
    kwargs.setdefault("address", "г. Екатеринбург, ул. Ленина, д. 1")
    kwargs.setdefault("capacity", 12)
    kwargs.setdefault("municipality", org.municipality or municipality())
    return Site.objects.create(organization=org, **kwargs)


def room(site_, **kwargs):
    kwargs.setdefault("name", f"Аудитория {next(_serial)}")
    kwargs.setdefault("capacity", 10)
    return Room.objects.create(site=site_, **kwargs)


def equipment(org, **kwargs):
    kwargs.setdefault("name", f"Сварочный аппарат {next(_serial)}")
    kwargs.setdefault("equipment_type", equipment_type())
    kwargs.setdefault("inventory_number", f"ИНВ-{next(_serial):05d}")
    return Equipment.objects.create(organization=org, **kwargs)


def tool(org, **kwargs):
    kwargs.setdefault("name", f"Набор инструмента {next(_serial)}")
    kwargs.setdefault("tool_type", equipment_type(EquipmentCategory.TOOL))
    return Tool.objects.create(organization=org, **kwargs)


def software(org, **kwargs):
    kwargs.setdefault("name", f"КОМПАС-3D {next(_serial)}")
    kwargs.setdefault("version", "v23")
    return Software.objects.create(organization=org, **kwargs)


def consumable(org, **kwargs):
    kwargs.setdefault("name", f"Электроды МР-3 {next(_serial)}")
    kwargs.setdefault("stock", Decimal(50))
    kwargs.setdefault("minimum_level", Decimal(10))
    return Consumable.objects.create(organization=org, **kwargs)


def staff(org, **kwargs):
    kwargs.setdefault("last_name", "Громов")
    kwargs.setdefault("first_name", f"Сергей{next(_serial)}")
    kwargs.setdefault("position", "Мастер производственного обучения")
    return StaffMember.objects.create(organization=org, **kwargs)


def ict(org, **kwargs):
    kwargs.setdefault("name", f"Moodle {next(_serial)}")
    kwargs.setdefault("kind", IctKind.LMS)
    return IctResource.objects.create(organization=org, **kwargs)


def reference(org, **kwargs):
    kwargs.setdefault("name", f"ЭБС «Лань» {next(_serial)}")
    kwargs.setdefault("kind", ReferenceKind.LIBRARY)
    return ReferenceResource.objects.create(organization=org, **kwargs)


MAKERS = {"site": site, "equipment": equipment, "tool": tool, "software": software, "consumable": consumable,
          "staff": staff, "ict": ict, "reference": reference}


def stored_file(name: str, content: bytes) -> str:
    """A file in the media storage under a fixed name, written once: access checks need a real file but
    should not leave a new one behind on every run."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def photo(site_):
    return SitePhoto.objects.create(site=site_, file=stored_file("resources/photos/access-check.png", PNG),
                                    caption="Общий вид мастерской", content_type="image/png")


def document(staff_):
    return StaffDocument.objects.create(staff=staff_, kind="demo_exam_expert", title="Эксперт ДЭ",
                                        file=stored_file("resources/documents/access-check.pdf", PDF))
