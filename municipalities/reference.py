"""Reference data that is part of the product, not of any data set."""

from __future__ import annotations

# The six arenas (indsatsområder): codes are referred to in code.
ARENAS = [
    ("school", "Grundskolen", "Folkeskoler og privatskoler, 0.–10. klasse, SFO."),
    (
        "youth_education",
        "Ungdomsuddannelserne",
        "Gymnasier, handelsskoler, tekniske skoler og produktionsskoler.",
    ),
    (
        "leisure",
        "Fritids- og foreningslivet",
        "Ungdomsklubber, ungdomsskoler, idrætsforeninger og andre foreninger.",
    ),
    (
        "nightlife",
        "Festmiljøet",
        "Diskoteker, barer, hallfester, private fester og festkulturen på skolerne.",
    ),
    (
        "housing",
        "Særlige boligområder",
        "Kollegier, ungdomsboliger og udsatte boligområder.",
    ),
    (
        "cross_cutting",
        "Andet / kompetenceudvikling / individrettede indsatser",
        "Uddannelse af fagfolk, netværk, konferencer, kampagner, medier og andre "
        "tværgående indsatser.",
    ),
]


def ensure_arenas(arena_model=None) -> None:
    """Create the six arenas if missing (used by the data migration, and by
    tests after a transactional test has flushed the database)."""
    if arena_model is None:
        from municipalities.models import Arena as arena_model
    for position, (code, name, description) in enumerate(ARENAS, start=1):
        arena_model.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )
