"""factory-boy factories with valid check digits, shared by every app's tests."""
import itertools

import factory

from copp.accounts.models import RoleAssignment, User
from copp.organizations.models import (
    Membership,
    MembershipRole,
    Organization,
    OrganizationType,
    VerificationStatus,
)

_serial = itertools.count(1)


def make_inn(seed: int) -> str:
    """A 10-digit legal-entity INN with a correct check digit."""
    body = f"66{seed:07d}"[-9:]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10
    return body + str(check)


def make_ogrn(seed: int) -> str:
    body = f"1026600{seed:05d}"[-12:]
    return body + str(int(body) % 11 % 10)


def make_snils(seed: int) -> str:
    body = f"{112233000 + seed:09d}"
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return f"{body[:3]}-{body[3:6]}-{body[6:9]} {check:02d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    last_name = factory.Iterator(["Иванов", "Петрова", "Сидоров", "Кузнецова", "Смирнов"])
    first_name = factory.Iterator(["Иван", "Анна", "Пётр", "Мария", "Алексей"])
    patronymic = "Сергеевич"
    password = factory.PostGenerationMethodCall("set_password", "Пароль-для-тестов-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)
        if create:
            self.save()
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=self, email=self.email,
                                               defaults={"verified": True, "primary": True})


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    type = OrganizationType.CUSTOMER
    name = factory.Sequence(lambda n: f"Общество с ограниченной ответственностью «Предприятие {n}»")
    short_name = factory.Sequence(lambda n: f"ООО «Предприятие {n}»")
    inn = factory.LazyFunction(lambda: make_inn(next(_serial)))
    ogrn = factory.LazyFunction(lambda: make_ogrn(next(_serial)))
    kpp = "667101001"
    verification_status = VerificationStatus.VERIFIED
    email = factory.Sequence(lambda n: f"org{n}@example.ru")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.REPRESENTATIVE
    position = "Специалист по персоналу"


# Real, smallest files of the accepted upload types: uploads are parsed whole (copp.core.uploads), so a header
# followed by anything is refused.
def sample_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sample_image(fmt: str = "PNG", *, size=(8, 8), exif: bytes | None = None) -> bytes:
    """An image in `fmt` (PNG, JPEG, WEBP); `exif` bytes are written into it when given."""
    import io

    from PIL import Image

    out = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **options)
    return out.getvalue()


def exif_with_location() -> bytes:
    """EXIF naming a camera and a GPS position (what a phone writes into a photo)."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone X"  # Model
    exif[0x8825] = {1: "N", 2: (56.0, 50.0, 17.0), 3: "E", 4: (60.0, 36.0, 44.0)}  # GPSInfo: Yekaterinburg
    return exif.tobytes()
