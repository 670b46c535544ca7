"""Demo citizens of the local ESIA, shaped like the test stand's REST answers (integrations.md §1.9)."""
from dataclasses import dataclass, field


def snils(body: str) -> str:
    """A SNILS with correct check digits for nine digits."""
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return f"{body[:3]}-{body[3:6]}-{body[6:9]} {check:02d}"


@dataclass
class Citizen:
    oid: int
    last_name: str
    first_name: str
    middle_name: str
    birth_date: str  # dd.mm.yyyy, as ESIA gives it
    gender: str
    snils: str
    email: str = ""
    email_verified: bool = True
    mobile: str = ""
    trusted: bool = True
    documents: list[dict] = field(default_factory=list)
    addresses: list[dict] = field(default_factory=list)

    @property
    def short_name(self) -> str:
        return f"{self.last_name} {self.first_name[:1]}. {self.middle_name[:1]}.".strip()

    def person(self) -> dict:
        return {
            "stateFacts": ["EntityRoot"], "firstName": self.first_name, "lastName": self.last_name,
            "middleName": self.middle_name, "birthDate": self.birth_date, "birthPlace": "г. Екатеринбург",
            "gender": self.gender, "trusted": self.trusted, "citizenship": "RUS", "snils": self.snils,
            "inn": "", "updatedOn": 1767225600, "status": "REGISTERED", "verifying": False,
            "rIdDoc": self.documents[0]["id"] if self.documents else None, "containsUpCfmCode": False,
            "eTag": f"{self.oid:X}",
        }

    def contacts(self) -> list[dict]:
        items = []
        if self.email:
            items.append({"stateFacts": ["Identifiable"], "id": self.oid * 10 + 1, "type": "EML",
                          "vrfStu": "VERIFIED" if self.email_verified else "NOT_VERIFIED",
                          "value": self.email, "eTag": "E1"})
        if self.mobile:
            items.append({"stateFacts": ["Identifiable"], "id": self.oid * 10 + 2, "type": "MBT",
                          "vrfStu": "VERIFIED", "value": self.mobile, "eTag": "M1"})
        return items


def passport(oid: int, series: str, number: str, issued: str) -> dict:
    return {"stateFacts": ["EntityRoot"], "id": oid * 10 + 5, "type": "RF_PASSPORT", "vrfStu": "VERIFIED",
            "series": series, "number": number, "issueDate": issued, "issueId": "660006",
            "issuedBy": "ГУ МВД России по Свердловской области", "eTag": "P1"}


DEMO_CITIZENS = [
    Citizen(1000000101, "Иванов", "Иван", "Петрович", "15.03.1990", "M", snils("101202303"),
            email="ivanov.esia@example.ru", mobile="+7(912)3456701",
            documents=[passport(1000000101, "6510", "123456", "20.03.2010")]),
    Citizen(1000000102, "Смирнова", "Анна", "Сергеевна", "02.11.1985", "F", snils("101202304"),
            email="smirnova.esia@example.ru", mobile="+7(912)3456702",
            documents=[passport(1000000102, "6505", "654321", "10.11.2005")]),
    # The demo learner of `make run` (learner@copp.local): signing in as her shows linking an account.
    Citizen(1000000103, "Соколов", "Дмитрий", "Андреевич", "04.05.1990", "M", snils("101202305"),
            email="learner@copp.local", mobile="+7(912)3456703"),
    Citizen(1000000104, "Кузнецова", "Мария", "Олеговна", "21.07.2001", "F", snils("101202306"),
            email="kuznetsova.esia@example.ru", email_verified=False),
]
