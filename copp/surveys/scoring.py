"""Scoring of career-guidance tests: the points each answer adds to the scales (the key is on the questions),
and the leading types by the instrument's rule (instruments.py)."""
from .instruments import RIASEC_ORDER
from .models import Survey


def score(survey: Survey, values: dict) -> dict[str, int]:
    """Points per scale from the answers {question id: chosen option}; every scale of the key starts at 0."""
    points: dict[str, int] = {}
    for question in survey.questions.only("pk", "scoring"):
        for added in question.scoring.values():
            for scale in added:
                points.setdefault(scale, 0)
        chosen = values.get(question.pk)
        for option in (chosen if isinstance(chosen, list) else [chosen]):
            for scale, value in question.scoring.get(str(option), {}).items() if option is not None else ():
                points[scale] = points.get(scale, 0) + int(value)
    return points


def leading_types(instrument: str, points: dict[str, int]) -> list[str]:
    """ДДО: every type with the highest score (ties are all leading). RIASEC: the three highest areas, a tie
    taken in the order R, I, A, S, E, C — the Holland code."""
    if not points:
        return []
    if instrument == "riasec":
        ranked = sorted(points, key=lambda code: (-points[code], RIASEC_ORDER.index(code)))
        return ranked[:3]
    best = max(points.values())
    return [code for code in points if points[code] == best]
