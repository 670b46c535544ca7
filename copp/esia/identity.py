"""A person as ESIA describes them, reduced to what the platform's profile holds."""
import datetime as dt
from dataclasses import asdict, dataclass, field

from copp.core.validators import format_snils, snils_is_valid


@dataclass
class EsiaIdentity:
    oid: str
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: str = ""  # ISO date, kept as text so the identity fits in the session
    snils: str = ""
    email: str = ""
    email_verified: bool = False
    phone: str = ""
    trusted: bool = False
    documents: list[dict] = field(default_factory=list)

    @classmethod
    def from_esia(cls, oid: str, data: dict) -> "EsiaIdentity":
        """From client.person_read(): /rs/prns/{oid}, its contacts and documents."""
        person = data.get("person", {})
        identity = cls(
            oid=oid,
            last_name=_text(person.get("lastName"), 100),
            first_name=_text(person.get("firstName"), 100),
            patronymic=_text(person.get("middleName"), 100),
            birth_date=_iso_date(person.get("birthDate")),
            snils=format_snils(person.get("snils") or "") if snils_is_valid(person.get("snils") or "") else "",
            trusted=bool(person.get("trusted")),
        )
        for contact in data.get("contacts", []):
            verified = contact.get("vrfStu") == "VERIFIED"
            value = _text(contact.get("value"), 254)
            if contact.get("type") == "EML" and value and (not identity.email or verified):
                identity.email, identity.email_verified = value.lower(), verified
            elif contact.get("type") in ("MBT", "PHN") and value and (not identity.phone or verified):
                identity.phone = value[:32]
        identity.documents = [
            {key: _text(doc.get(key), 200) for key in ("type", "series", "number", "issueDate", "issuedBy", "vrfStu")}
            for doc in data.get("documents", [])
        ]
        return identity

    @property
    def birth_date_value(self) -> dt.date | None:
        return dt.date.fromisoformat(self.birth_date) if self.birth_date else None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def masked_snils(self) -> str:
        """The SNILS with only its last digits shown: enough to recognise one's own (152-ФЗ)."""
        return f"***-***-{self.snils[8:11]} {self.snils[12:]}" if len(self.snils) == 14 else ""

    def profile(self) -> dict:
        """Fields of accounts.User that ESIA confirms."""
        return {"last_name": self.last_name, "first_name": self.first_name, "patronymic": self.patronymic,
                "birth_date": self.birth_date_value,
                "snils": self.snils, "phone": self.phone}

    def extra_data(self) -> dict:
        """What the link to ESIA keeps: the data received, for «Мои данные» and later documents."""
        return {key: value for key, value in asdict(self).items() if value not in ("", [], None)}

    def to_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict) -> "EsiaIdentity":
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def _text(value, limit: int) -> str:
    return str(value).strip()[:limit] if value not in (None, "") else ""


def _iso_date(value) -> str:
    """ESIA gives dd.mm.yyyy."""
    try:
        return dt.datetime.strptime(str(value), "%d.%m.%Y").date().isoformat()
    except ValueError:
        return ""
