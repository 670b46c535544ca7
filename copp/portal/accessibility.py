"""The version for the visually impaired: settings kept in a cookie, remembered across pages."""
from dataclasses import dataclass

COOKIE = "a11y"
FONT_SIZES = ("normal", "large", "xlarge")
SCHEMES = ("normal", "black-on-white", "white-on-black")


@dataclass(frozen=True)
class A11ySettings:
    enabled: bool = False
    font: str = "normal"
    scheme: str = "normal"
    images: bool = True

    @property
    def html_classes(self) -> str:
        if not self.enabled:
            return ""
        classes = ["a11y", f"a11y-font-{self.font}", f"a11y-scheme-{self.scheme}"]
        if not self.images:
            classes.append("a11y-no-images")
        return " ".join(classes)

    def to_cookie(self) -> str:
        return "|".join([str(int(self.enabled)), self.font, self.scheme, str(int(self.images))])


def parse(value: str | None) -> A11ySettings:
    try:
        enabled, font, scheme, images = (value or "").split("|")
    except ValueError:
        return A11ySettings()
    return A11ySettings(
        enabled=enabled == "1",
        font=font if font in FONT_SIZES else "normal",
        scheme=scheme if scheme in SCHEMES else "normal",
        images=images != "0",
    )


def a11y_settings(request) -> A11ySettings:
    return parse(request.COOKIES.get(COOKIE))
