"""The six arenas (indsatsområder) are product constants: codes are referred to in code."""

from django.db import migrations

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
        "Uddannelse af fagfolk, netværk, konferencer, kampagner, medier og andre tværgående indsatser.",
    ),
]


def create_arenas(apps, schema_editor):
    Arena = apps.get_model("municipalities", "Arena")
    for position, (code, name, description) in enumerate(ARENAS, start=1):
        Arena.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(create_arenas, migrations.RunPython.noop)]
