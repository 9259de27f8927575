"""Hand-made reference numbers for the shipped booklet data set.

HAND_COUNTS was counted by reading the activity tables of Sundhedsstyrelsen's
booklet "Rusmiddelforebyggelse i praksis" (/work/shared/seeds/000_67ea1b67507711b9.txt,
from "Indsatsområder og aktiviteter i projekt Narkoen ud af byen 2004-2007" to
the end), row by row under each heading, independently of
activities/data/booklet_activities.yaml. The arena of a row is the arena of its
heading; headings that are not one of the five arenas count as cross_cutting,
except Bornholm's "Socialt udsatte børn og unge (Nexø)", which is the
housing-area effort (housing). Row splits follow docs/data.md.

SPOT_CHECKS are full rows copied by hand from the booklet, one or more per
municipality, for a test that compares them with the loaded database.
"""

ARENAS = ("school", "youth_education", "leisure", "nightlife", "housing", "cross_cutting")

HAND_COUNTS: dict[str, dict[str, int]] = {
    # Grundskolen 3, Ungdomsuddannelserne 3, Festmiljøet 2,
    # Rådgivning for fagpersoner/kompetenceudvikling 3, Ung-til-ung 3, Andet 2
    "ballerup": {
        "school": 3,
        "youth_education": 3,
        "leisure": 0,
        "nightlife": 2,
        "housing": 0,
        "cross_cutting": 8,
    },
    # Grundskolen 4, Ungdomsuddannelserne 4, Socialt udsatte børn og unge (Nexø) 3, Andet 3
    "bornholm": {
        "school": 4,
        "youth_education": 4,
        "leisure": 0,
        "nightlife": 0,
        "housing": 3,
        "cross_cutting": 3,
    },
    # Grundskolen 8, Ungdomsuddannelserne 2, Festmiljøet 2, Fritid og foreninger 2, Andet 10
    "hilleroed": {
        "school": 8,
        "youth_education": 2,
        "leisure": 2,
        "nightlife": 2,
        "housing": 0,
        "cross_cutting": 10,
    },
    # Grundskolen 6, Ungdomsuddannelserne 4, Festmiljøet 1, Andet 7. The three
    # free-standing status sentences ("Der er indkøbt materiale til alle 7. klasser",
    # "Procesdage med skolens elever", "På baggrund af mødet …") belong to the
    # Målgruppe cell of the row above them, not to rows of their own.
    "holstebro": {
        "school": 6,
        "youth_education": 4,
        "leisure": 0,
        "nightlife": 1,
        "housing": 0,
        "cross_cutting": 7,
    },
    # Grundskolen 3, Ungdomsuddannelserne 4, Fritids- og foreningslivet 1,
    # Andre aktiviteter 2 (two prose paragraphs)
    "kolding": {
        "school": 3,
        "youth_education": 4,
        "leisure": 1,
        "nightlife": 0,
        "housing": 0,
        "cross_cutting": 2,
    },
    # Grundskolen 7, Ungdomsuddannelserne 1, Festmiljøet 1, Individrettede indsatser 3, Andet 7
    "koege": {
        "school": 7,
        "youth_education": 1,
        "leisure": 0,
        "nightlife": 1,
        "housing": 0,
        "cross_cutting": 10,
    },
    # Nakskov: Grundskolen 2, Ungdomsuddannelserne 2, Festmiljøet 2,
    # Fritids- og Foreningslivet 3, Andet 1
    "lolland": {
        "school": 2,
        "youth_education": 2,
        "leisure": 3,
        "nightlife": 2,
        "housing": 0,
        "cross_cutting": 1,
    },
    # Grundskolen 3, Ungdomsuddannelserne 1, Festmiljøet 1, Fritidslivet 3, Andet 2
    "randers": {
        "school": 3,
        "youth_education": 1,
        "leisure": 3,
        "nightlife": 1,
        "housing": 0,
        "cross_cutting": 2,
    },
    # Grundskolen 7, Ungdomsuddannelserne 3, Festmiljøet 1, Sociale indsatser 1, Andet 3
    "slagelse": {
        "school": 7,
        "youth_education": 3,
        "leisure": 0,
        "nightlife": 1,
        "housing": 0,
        "cross_cutting": 4,
    },
    # Grundskolen 4, Ungdomsuddannelserne 3, Festmiljøet 1, Andet 9
    "svendborg": {
        "school": 4,
        "youth_education": 3,
        "leisure": 0,
        "nightlife": 1,
        "housing": 0,
        "cross_cutting": 9,
    },
    # Grundskolen 2, Ungdomsuddannelserne 3, Festmiljøet 3, Andet 6
    "soenderborg": {
        "school": 2,
        "youth_education": 3,
        "leisure": 0,
        "nightlife": 3,
        "housing": 0,
        "cross_cutting": 6,
    },
    # Grundskolen 4, Ungdomsuddannelserne 4, Festmiljøet 5, Andet 5
    "varde": {
        "school": 4,
        "youth_education": 4,
        "leisure": 0,
        "nightlife": 5,
        "housing": 0,
        "cross_cutting": 5,
    },
    # Grundskolen 1, Ungdomsuddannelserne 3, Festmiljøet 3, Fritidslivet 3, Andet 9
    "viborg": {
        "school": 1,
        "youth_education": 3,
        "leisure": 3,
        "nightlife": 3,
        "housing": 0,
        "cross_cutting": 9,
    },
    # Aars: Grundskolen 8, Ungdomsuddannelserne 4, Festmiljøet 3, Fritidsmiljøet 2, Andet 6
    "vesthimmerland": {
        "school": 8,
        "youth_education": 4,
        "leisure": 2,
        "nightlife": 3,
        "housing": 0,
        "cross_cutting": 6,
    },
}

HAND_TOTAL = 227

SPOT_CHECKS: list[dict] = [
    {
        "slug": "ballerup",
        "title": "Præsentation af Tackling",
        "target_group": "7. klasses lærere",
        "arena": "school",
        "participants": None,
        "events": None,
        "programmes": ["tackling"],
        "grade_from": 7,
        "grade_to": 7,
    },
    {
        "slug": "ballerup",
        "title": (
            "Spot-tjek v. politiet i samarbejde med diskotek: 2 weekender (á 3 dage) med "
            "skærpet opmærksomhed på stoffernes tilgængelighed i diskoteksmiljø"
        ),
        "target_group": "Unge i festmiljøet",
        "arena": "nightlife",
        "participants": None,
        "events": 2,
        "programmes": [],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "bornholm",
        "title": (
            "Sommerferietilbud til de unge (aktivitetstilbud i en 3 ugers periode over sommeren)."
        ),
        "target_group": "60 børn deltog",
        "arena": "housing",
        "participants": 60,
        "events": None,
        "programmes": [],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "hilleroed",
        "title": "Kurser for lærere :fakta om rusmidler, rusmiddeldidaktik, forældremøder mv.",
        "target_group": "65 lærere fra samtlige skoler i Hillerød",
        "arena": "school",
        "participants": 65,
        "events": None,
        "programmes": [],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "hilleroed",
        "title": "Kursus i ”Hash-samtalen”",
        "target_group": "115 har gennemført kursus",
        "arena": "cross_cutting",
        "participants": 115,
        "events": None,
        "programmes": ["hash_samtalen"],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "holstebro",
        "title": "Rusmiddelseminarer",
        "target_group": "14 seminarer er afholdt med 7-10 klasses elever",
        "arena": "school",
        "participants": None,
        "events": 14,
        "programmes": ["drug_seminar"],
        "grade_from": 7,
        "grade_to": 10,
    },
    {
        "slug": "holstebro",
        "title": "Kursus i den motiverende samtale (3 kurser)",
        "target_group": "Frontpersonale: lærere, politi, sundhedsplejerske, rådgivere m.m.",
        "arena": "cross_cutting",
        "participants": None,
        "events": 3,
        "programmes": ["motivational_interviewing"],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "kolding",
        "title": (
            "Undervisning og dialog i relation til 7.-10.-klasse "
            "(Tackling i 15 7. klasser og 24 8. klasser)"
        ),
        "target_group": "",
        "arena": "school",
        "participants": None,
        "events": None,
        "programmes": ["tackling"],
        "grade_from": 7,
        "grade_to": 10,
    },
    {
        "slug": "koege",
        "title": "Tema eftermiddag om “unge og rusmidler”, psykisk syge",
        "target_group": "Rådgivere og vejledere i kommunen (143 deltagere)",
        "arena": "cross_cutting",
        "participants": 143,
        "events": None,
        "programmes": [],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "lolland",
        "title": "Teaterforestilling for de ældste klassetrin (gennemføres igen i februar)",
        "target_group": "",
        "arena": "school",
        "participants": None,
        "events": None,
        "programmes": [],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "randers",
        "title": "Den motiverende samtale",
        "target_group": (
            "Lærere+AKT-lærere samt undervisere og klubmedarbejdere fra Randers Ungdomsskole"
        ),
        "arena": "cross_cutting",
        "participants": None,
        "events": None,
        "programmes": ["motivational_interviewing"],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "slagelse",
        "title": "Tackling tilbudt til alle 7. klasserne i Slagelse Kommune",
        "target_group": "7. klasses elever og lærere",
        "arena": "school",
        "participants": None,
        "events": None,
        "programmes": ["tackling"],
        "grade_from": 7,
        "grade_to": 7,
    },
    {
        "slug": "svendborg",
        "title": "Uddannelse af frontpersonale (kursusdage i hash-samtalen)",
        "target_group": (
            "Professionelle og frivillige aktører (der er uddannet ca. 100 professionelle "
            "og 60 frivillige i hash-samtalen)"
        ),
        "arena": "cross_cutting",
        "participants": 160,
        "events": None,
        "programmes": ["hash_samtalen"],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "soenderborg",
        "title": "Forældremøder",
        "target_group": "Forældre og lærere til elever på 8. og 9. årgang (50 deltagere).",
        "arena": "youth_education",
        "participants": 50,
        "events": None,
        "programmes": [],
        "grade_from": 8,
        "grade_to": 9,
    },
    {
        "slug": "varde",
        "title": "Kursus i hash samtalen (3 kurser)",
        "target_group": (
            "studievejledere fra ungdomsuddannelserne, SSP. ungdomsklub, Socialforvaltning, skoler"
        ),
        "arena": "cross_cutting",
        "participants": None,
        "events": 3,
        "programmes": ["hash_samtalen"],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "viborg",
        "title": "Rusmiddelseminarer – i alt 27",
        "target_group": "Elever i grundskolen 7.- 9. klasse",
        "arena": "school",
        "participants": None,
        "events": 27,
        "programmes": ["drug_seminar"],
        "grade_from": 7,
        "grade_to": 9,
    },
    {
        "slug": "viborg",
        "title": "DRUGWISE afvikles 3 gange",
        "target_group": "3 x 40 ansatte på Viborgs diskoteker",
        "arena": "nightlife",
        "participants": 120,
        "events": 3,
        "programmes": ["drugwise"],
        "grade_from": None,
        "grade_to": None,
    },
    {
        "slug": "vesthimmerland",
        "title": "Brug af undervisningsmaterialet “Tackling”",
        "target_group": "7.-9.-klasse",
        "arena": "school",
        "participants": None,
        "events": None,
        "programmes": ["tackling"],
        "grade_from": 7,
        "grade_to": 9,
    },
]
