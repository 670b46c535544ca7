"""What the materials library adds to the pages of lower apps through their hooks: with each module of a program
in the constructor and on a library module's page, a link to the module's materials (programs.extensions)."""
from django.urls import reverse
from django.utils.translation import gettext as _


class ModuleMaterials:
    """«Learning materials (2)» with each module, leading to the page where they are attached."""

    def links(self, *, user, kind: str, module_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        from .selectors import may_attach_to, uses_count_by_target

        if not may_attach_to(user, kind):
            return {}
        counts = uses_count_by_target(kind, module_ids)
        links = {}
        for pk in module_ids:
            url = reverse("learning:materials_target", args=[kind, pk])
            text = (_("Learning materials (%(n)d)") % {"n": counts[pk]} if counts.get(pk)
                    else _("Attach learning materials"))
            links[pk] = [(text, url)]
        return links


MODULE_MATERIALS = ModuleMaterials()
