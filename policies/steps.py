"""The steps of the guided form, in order, with the guide's questions shown beside each.

The questions are those of Aarhus Kommune's "Inspiration til en
rusmiddelpolitik/handleplan" and the booklet "Rusmiddelforebyggelse i praksis"
(Narkoen ud af byen, Sundhedsstyrelsen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    questions: tuple[Promise, ...] = ()
    explanation: Promise | str = ""
    tips: tuple[Promise, ...] = field(default_factory=tuple)


STEPS: tuple[Step, ...] = (
    Step(
        "purpose",
        _("Formål"),
        questions=(
            _("Hvorfor er det vigtigt med en rusmiddelpolitik, og hvad skal vi bruge den til?"),
        ),
        explanation=_(
            "En rusmiddelpolitik giver et fælles afsæt at handle ud fra: den afklarer ansvar, "
            "skaber tryghed og sikrer en velovervejet, hurtig og koordineret reaktion ved akutte "
            "sager. Inddrag de unge, forældrene og medarbejderne, så politikken får ejerskab."
        ),
    ),
    Step(
        "substances",
        _("Definition af rusmidler"),
        questions=(_("Hvad er rusmidler? Hvad snakker vi om, når vi siger rusmidler?"),),
        explanation=_(
            "Rusmidler er stoffer, der påvirker den psykiske tilstand: nikotin, alkohol, "
            "cannabis, kokain, morfinpræparater osv. Idrætsforeninger kan udvide politikken "
            "til også at omfatte doping."
        ),
    ),
    Step(
        "attitudes",
        _("Holdninger"),
        questions=(_("Er vores holdninger underbygget med den nyeste viden om rusmidler?"),),
        explanation=_(
            "Det er både normalt og attraktivt at være stoffri og uden stort alkoholforbrug. "
            "Byg på viden, ikke på skrækhistorier."
        ),
    ),
    Step(
        "guidelines",
        _("Retningslinjer"),
        questions=(
            _(
                "Har vi klare, definerede og videreformidlede retningslinjer for brug af rusmidler "
                "for elever, personale og forældre, når de er på skolen, i klubben, til "
                "skolefester, på lejrskoler eller på udflugter?"
            ),
        ),
        explanation=_(
            "Politikken skal indeholde regler og konsekvenser, men må ikke have som mål at føre "
            "til eksklusion."
        ),
    ),
    Step(
        "prevention",
        _("Forebyggelse"),
        questions=(
            _("Hvordan kan vi arbejde forebyggende?"),
            _("Hvordan sikres det, at forebyggelsen er en systematisk del af undervisningen?"),
        ),
        explanation=_(
            "Fx undervisning på klassetrinene 0.–3., 4.–6. og 7.–10. klasse (Tackling), "
            "temauger og workshops, forældremøder og rusmiddelseminarer for forældre og "
            "opkvalificering af medarbejderne."
        ),
    ),
    Step(
        "preparedness",
        _("Akut beredskab"),
        questions=(
            _("Hvordan opbygger vi et klart beredskab til akutte problematikker?"),
            _("Hvem handler, hvem kontaktes, og hvor hurtigt?"),
        ),
        explanation=_(
            "Der kan opstå situationer, hvor en ung møder påvirket op, eller en gruppe unge har "
            "en uhensigtsmæssig festkultur. Uden klare retningslinjer er det vanskeligt, "
            "langsommeligt og utrygt at handle. Beskriv trinene fra den første bekymring til "
            "kontakt med socialforvaltningen efter reglerne om underretning."
        ),
    ),
    Step(
        "support",
        _("Støtte og behandling"),
        questions=(_("Hvordan tilbyder vi støtte og behandling, hvor det er påkrævet?"),),
        explanation=_(
            "Rusmiddelpolitikken må ikke have som mål at føre til eksklusion, og der skal være "
            "taget stilling til, hvordan man tilbyder behandling, hvor det er påkrævet."
        ),
    ),
    Step(
        "partners",
        _("Samarbejdspartnere og kontakter"),
        questions=(
            _(
                "Hvem skal vi samarbejde med? Lokalt: elever, forældre? Centralt: fx SSP, "
                "sundhedsplejen, PPR, ungecenteret?"
            ),
        ),
        explanation=_("Skriv tjenester og fagpersoner med telefonnummer – aldrig navne på unge."),
    ),
    Step(
        "communication",
        _("Formidling og den levende politik"),
        questions=(_("Kun en aktiv rusmiddelpolitik gør en reel forskel."),),
        explanation=_(
            "Overvej allerede nu, hvordan politikken bliver synlig og bliver brugt. Besvar de "
            "otte spørgsmål."
        ),
    ),
    Step(
        "evaluation",
        _("Evaluering og revision"),
        questions=(
            _(
                "Hvem har ansvaret for, at rusmiddelpolitikken udvikles, og hvem skal involveres "
                "i processen?"
            ),
            _("Hvor tit skal der kigges på rusmiddelpolitikken og evt. justeres?"),
        ),
        explanation=_("Det er almindeligt at revidere politikken én gang om året."),
    ),
)

STEP_KEYS: tuple[str, ...] = tuple(step.key for step in STEPS)
STEPS_BY_KEY: dict[str, Step] = {step.key: step for step in STEPS}
REVIEW = "review"

# The guide's eight questions that keep a policy alive (DRUGBOX – den levende rusmiddelpolitik).
EIGHT_QUESTIONS: tuple[Promise, ...] = (
    _("Hvordan sikres ledelsesmæssigt ejerskab og opbakning?"),
    _("Hvordan sikres det, at alle relevante parter har kendskab til rusmiddelpolitikken?"),
    _(
        "Hvordan sikres det, at nye elever, forældre og medarbejdere præsenteres for "
        "rusmiddelpolitikken?"
    ),
    _(
        "Hvordan er det muligt at tænke rusmiddelforebyggelse ind i årlige arrangementer "
        "og årsplaner?"
    ),
    _(
        "Hvordan understøttes en kultur, hvor der er rum for at italesætte rusmiddelproblematikker "
        "og diskutere forskellige holdninger til rusmidler?"
    ),
    _("Hvordan sikres det, at forebyggelsen af rusmidler er en systematisk del af undervisningen?"),
    _(
        "Hvordan sikres det, at medarbejderne føler sig rustede til at handle på eventuelle "
        "rusmiddelproblematikker?"
    ),
    _("Hvordan sikres det, at rusmiddelpolitikken anvendes ved konkrete problemstillinger?"),
)


def step_index(key: str) -> int:
    return STEP_KEYS.index(key)


def next_step(key: str) -> str:
    index = step_index(key)
    return STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else REVIEW


def previous_step(key: str) -> str | None:
    index = step_index(key)
    return STEP_KEYS[index - 1] if index > 0 else None
