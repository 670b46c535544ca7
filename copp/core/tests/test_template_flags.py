"""Templates read flags that views and models compute from the workflow (`can_edit`, `is_cancelled`), never a
status literal: a status renamed or a rule changed must not leave a page deciding on its own."""
import re
from pathlib import Path

from django.conf import settings

# `x.status == "draft"`, `verification_status != 'pending'`, `target == "published"`, `my_status == "waitlist"`
STATUS_LITERAL = re.compile(r"""\b\w*(status|target)\s*(==|!=)\s*["'][a-z_]+["']""")


def test_no_template_compares_a_status_with_a_literal():
    root = Path(settings.BASE_DIR)
    found = []
    for path in [*root.glob("copp/*/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if STATUS_LITERAL.search(line):
                found.append(f"{path.relative_to(root)}:{number}")
    assert found == []
