"""Generate a national-scale data set for benchmarks: Denmark's 98 municipalities
with institutions, users, drug policies, partnerships and activities.

Deterministic: the same --seed, counts and --today give the same data. Realistic:
the real municipality names (weighted by their approximate size), the shipped
reference data (arenas, target groups, principles, programmes, policy templates)
and the booklet's activities as patterns. Bulk-inserted in batches without
simple-history records (a generated row has no history of edits).

Needs the reference data: run ``manage.py seed_model_municipalities`` first.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from activities.seed import read_booklet_activities
from municipalities.models import (
    Arena,
    Institution,
    Membership,
    Municipality,
    Principle,
    Programme,
    Role,
    TargetGroup,
)
from partnerships.models import (
    AgreementMember,
    NightlifeAgreement,
    Obligation,
    PartnershipContract,
    Party,
    Signatory,
)
from policies.models import (
    TEMPLATE_KIND_BY_INSTITUTION_KIND,
    Policy,
    PolicyTemplate,
    PolicyVersion,
    add_months,
)

BATCH = 2000
# Marks every generated row that has a seed_key (activities, contracts, agreements).
SEED_KEY_PREFIX = "scale-"
USERNAME_PREFIX = "scale-"
PASSWORD = "demo-adgangskode-2026"

# Denmark's 98 municipalities (since 2007) by region, with their approximate number
# of inhabitants in thousands: only used to share out the generated volumes.
DANISH_MUNICIPALITIES: list[tuple[str, int]] = [
    # Region Hovedstaden
    ("Albertslund", 28),
    ("Allerød", 26),
    ("Ballerup", 52),
    ("Bornholm", 39),
    ("Brøndby", 39),
    ("Dragør", 14),
    ("Egedal", 44),
    ("Fredensborg", 41),
    ("Frederiksberg", 104),
    ("Frederikssund", 46),
    ("Furesø", 41),
    ("Gentofte", 75),
    ("Gladsaxe", 70),
    ("Glostrup", 24),
    ("Gribskov", 41),
    ("Halsnæs", 31),
    ("Helsingør", 63),
    ("Herlev", 29),
    ("Hillerød", 52),
    ("Hvidovre", 54),
    ("Høje-Taastrup", 51),
    ("Hørsholm", 25),
    ("Ishøj", 23),
    ("København", 650),
    ("Lyngby-Taarbæk", 56),
    ("Rudersdal", 57),
    ("Rødovre", 41),
    ("Tårnby", 43),
    ("Vallensbæk", 17),
    # Region Sjælland
    ("Faxe", 37),
    ("Greve", 51),
    ("Guldborgsund", 60),
    ("Holbæk", 72),
    ("Kalundborg", 49),
    ("Køge", 62),
    ("Lejre", 29),
    ("Lolland", 40),
    ("Næstved", 84),
    ("Odsherred", 33),
    ("Ringsted", 36),
    ("Roskilde", 90),
    ("Slagelse", 79),
    ("Solrød", 24),
    ("Sorø", 30),
    ("Stevns", 23),
    ("Vordingborg", 46),
    # Region Syddanmark
    ("Assens", 41),
    ("Billund", 27),
    ("Esbjerg", 116),
    ("Fanø", 3),
    ("Fredericia", 52),
    ("Faaborg-Midtfyn", 51),
    ("Haderslev", 55),
    ("Kerteminde", 24),
    ("Kolding", 95),
    ("Langeland", 12),
    ("Middelfart", 39),
    ("Nordfyn", 29),
    ("Nyborg", 32),
    ("Odense", 205),
    ("Svendborg", 59),
    ("Sønderborg", 73),
    ("Tønder", 37),
    ("Varde", 50),
    ("Vejen", 42),
    ("Vejle", 120),
    ("Ærø", 6),
    ("Aabenraa", 58),
    # Region Midtjylland
    ("Favrskov", 49),
    ("Hedensted", 47),
    ("Herning", 90),
    ("Holstebro", 59),
    ("Horsens", 97),
    ("Ikast-Brande", 42),
    ("Lemvig", 19),
    ("Norddjurs", 37),
    ("Odder", 24),
    ("Randers", 99),
    ("Ringkøbing-Skjern", 56),
    ("Samsø", 4),
    ("Silkeborg", 98),
    ("Skanderborg", 64),
    ("Skive", 46),
    ("Struer", 21),
    ("Syddjurs", 44),
    ("Viborg", 98),
    ("Aarhus", 365),
    # Region Nordjylland
    ("Brønderslev", 36),
    ("Frederikshavn", 58),
    ("Hjørring", 63),
    ("Jammerbugt", 38),
    ("Læsø", 2),
    ("Mariagerfjord", 41),
    ("Morsø", 20),
    ("Rebild", 31),
    ("Thisted", 43),
    ("Vesthimmerland", 36),
    ("Aalborg", 222),
]

# Share of each kind among the institutions a municipality works with.
KIND_WEIGHTS = {
    Institution.Kind.PRIMARY_SCHOOL: 34,
    Institution.Kind.YOUTH_EDUCATION: 8,
    Institution.Kind.YOUTH_CLUB: 15,
    Institution.Kind.YOUTH_SCHOOL: 4,
    Institution.Kind.SPORTS_ASSOCIATION: 22,
    Institution.Kind.NIGHTLIFE_VENUE: 10,
    Institution.Kind.HOUSING: 4,
    Institution.Kind.OTHER: 3,
}
NAME_PATTERNS = {
    Institution.Kind.PRIMARY_SCHOOL: ["{place}skolen", "{place} Skole", "{place} Friskole"],
    Institution.Kind.YOUTH_EDUCATION: [
        "{place} Gymnasium",
        "{place} Handelsskole",
        "{place} Tekniske Skole",
        "Produktionsskolen {place}",
    ],
    Institution.Kind.YOUTH_CLUB: ["Ungdomsklubben {place}", "{place} Fritidsklub"],
    Institution.Kind.YOUTH_SCHOOL: ["Ungdomsskolen {place}"],
    Institution.Kind.SPORTS_ASSOCIATION: [
        "{place} IF",
        "{place} Boldklub",
        "{place} Håndboldklub",
        "{place} Svømmeklub",
    ],
    Institution.Kind.NIGHTLIFE_VENUE: ["Café {place}", "Diskotek {place}", "{place} Bodega"],
    Institution.Kind.HOUSING: ["{place} Kollegiet", "Boligområdet {place}"],
    Institution.Kind.OTHER: ["Familiehuset {place}", "Ungecenter {place}"],
}
PLACE_FIRST = [
    "Kilde",
    "Bøge",
    "Ege",
    "Rosen",
    "Lykke",
    "Sol",
    "Tårn",
    "Mølle",
    "Hede",
    "Bakke",
    "Sø",
    "Fjord",
    "Eng",
    "Skov",
    "Strand",
    "Nørre",
    "Vester",
    "Øster",
    "Sønder",
    "Lind",
    "Ask",
    "Birke",
    "Hassel",
    "Kirke",
    "Torve",
    "Nord",
    "Syd",
    "Bro",
    "Havne",
    "Løkke",
    "Vinde",
    "Humle",
    "Kløver",
    "Aborre",
    "Rav",
    "Sten",
    "Grøn",
    "Ny",
    "Lille",
    "Store",
]
PLACE_SECOND = [
    "vang",
    "høj",
    "gård",
    "lund",
    "holm",
    "bakke",
    "dal",
    "park",
    "bjerg",
    "toft",
    "mark",
    "bæk",
    "vej",
    "by",
    "hus",
]
FIRST_NAMES = [
    "Anne",
    "Mette",
    "Hanne",
    "Susanne",
    "Lene",
    "Kirsten",
    "Camilla",
    "Louise",
    "Maria",
    "Sofie",
    "Ida",
    "Julie",
    "Karen",
    "Lone",
    "Peter",
    "Jens",
    "Lars",
    "Henrik",
    "Søren",
    "Niels",
    "Michael",
    "Thomas",
    "Morten",
    "Jesper",
    "Anders",
    "Rasmus",
    "Mads",
    "Christian",
    "Martin",
    "Jakob",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
]
OBLIGATIONS = [
    (Party.INSTITUTION, "Udarbejde udkast til rusmiddelpolitik med elevråd og forældreråd"),
    (Party.INSTITUTION, "Skrive rusmiddelpolitikken ind i ordensreglementet"),
    (Party.INSTITUTION, "Afsætte tid til to nøglepersoners uddannelse"),
    (Party.MUNICIPALITY, "Holde temaaften for forældre om rusmidler"),
    (Party.MUNICIPALITY, "Uddanne nøglepersoner i den motiverende samtale"),
    (Party.MUNICIPALITY, "Følge op på handleplanen ved møde i SSP-styregruppen"),
]
AGREEMENT_RULES = "Nej til stoffer\nNej til vold\nIngen udskænkning til unge under 18 år"


def slugify_da(name: str) -> str:
    """The slugs the seed data uses: æ → ae, ø → oe, å → aa."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"})
    return name.lower().translate(table)


def _spread(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders, ties by rng)."""
    weight_sum = sum(weights) or 1
    exact = [total * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], rng.random()))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


class Generator:
    def __init__(self, *, seed: int, today: date, out) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.out = out
        self.counts: dict[str, int] = defaultdict(int)
        # Municipality id → its generated coordinator (adopts policies without a leader).
        self.coordinators: dict[int, object] = {}
        self.now = timezone.make_aware(datetime.combine(today, dt_time(12, 0)))

    def person(self) -> str:
        """A professional's name (never a young person's)."""
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # --- reference data ------------------------------------------------------

    def load_reference(self) -> None:
        self.arenas = {a.code: a for a in Arena.objects.order_by("code")}
        self.target_groups = dict(TargetGroup.objects.order_by("code").values_list("code", "pk"))
        self.programmes = dict(Programme.objects.order_by("code").values_list("code", "pk"))
        self.principles = list(Principle.objects.order_by("number").values_list("pk", flat=True))
        if not (self.arenas and self.target_groups and self.principles and self.programmes):
            raise CommandError("Reference data missing: run `manage.py seed_model_municipalities`.")
        self.templates = {
            t.kind: t for t in PolicyTemplate.objects.filter(municipality=None).order_by("kind")
        }
        # The booklet's 227 activities, by arena, are the patterns of generated ones.
        self.patterns: dict[str, list[dict]] = defaultdict(list)
        for block in read_booklet_activities():
            for row in block["activities"]:
                self.patterns[row["arena"]].append(row)
        for code in self.arenas:
            if not self.patterns[code]:
                self.patterns[code] = self.patterns["cross_cutting"]

    # --- municipalities and institutions ------------------------------------

    def municipalities(self, n: int) -> list[tuple[Municipality, int]]:
        if not 1 <= n <= len(DANISH_MUNICIPALITIES):
            raise CommandError(
                f"--municipalities must be between 1 and {len(DANISH_MUNICIPALITIES)}."
            )
        chosen = DANISH_MUNICIPALITIES[:n]
        existing = {m.slug: m for m in Municipality.objects.all()}
        new = [
            Municipality(slug=slugify_da(name), name=name)
            for name, _size in chosen
            if slugify_da(name) not in existing
        ]
        Municipality.objects.bulk_create(new, batch_size=BATCH)
        self.counts["municipalities"] += len(new)
        by_slug = {
            m.slug: m
            for m in Municipality.objects.filter(slug__in=[slugify_da(c) for c, _ in chosen])
        }
        return [(by_slug[slugify_da(name)], size) for name, size in chosen]

    def institutions(self, municipalities, total: int) -> dict[int, list[Institution]]:
        shares = _spread(total, [size for _m, size in municipalities], self.rng)
        kinds = list(KIND_WEIGHTS)
        kind_weights = list(KIND_WEIGHTS.values())
        taken = defaultdict(set)
        for m_id, name in Institution.objects.values_list("municipality_id", "name"):
            taken[m_id].add(name)
        new = []
        for (municipality, _size), share in zip(municipalities, shares, strict=True):
            for _ in range(share):
                kind = self.rng.choices(kinds, kind_weights)[0]
                pattern = self.rng.choice(NAME_PATTERNS[kind])
                place = self.rng.choice(PLACE_FIRST) + self.rng.choice(PLACE_SECOND)
                name = pattern.format(place=place)
                n = 2
                while name in taken[municipality.pk]:
                    name = f"{pattern.format(place=place)} afd. {n}"
                    n += 1
                taken[municipality.pk].add(name)
                slug = slugify_da(place)
                new.append(
                    Institution(
                        municipality=municipality,
                        name=name,
                        kind=kind,
                        email=f"kontakt@{slug}.{municipality.slug}.example",
                    )
                )
        Institution.objects.bulk_create(new, batch_size=BATCH)
        self.counts["institutions"] += len(new)
        by_municipality: dict[int, list[Institution]] = defaultdict(list)
        for institution in new:
            by_municipality[institution.municipality_id].append(institution)
        return by_municipality

    # --- users ---------------------------------------------------------------

    def users(self, municipalities, institutions, total: int) -> dict[int, list]:
        """A coordinator and a steering-group member per municipality, then
        institution leaders and editors; returns leaders by institution id."""
        User = get_user_model()
        # One hash for all: hashing 500 passwords would take minutes.
        password = make_password(PASSWORD, salt=f"scale{self.rng.randrange(10**9)}")
        plan: list[tuple[str, str, Municipality, Institution | None]] = []
        for municipality, _size in municipalities:
            plan.append(("koordinator", Role.COORDINATOR, municipality, None))
            plan.append(("styregruppe", Role.STEERING_MEMBER, municipality, None))
        plan = plan[:total]
        all_institutions = [i for m, _ in municipalities for i in institutions[m.pk]]
        remaining = max(0, total - len(plan))
        if all_institutions and remaining:
            picked = self.rng.sample(all_institutions, min(remaining, len(all_institutions)))
            for n, institution in enumerate(picked):
                label, role = (
                    ("leder", Role.INSTITUTION_LEADER)
                    if n % 3
                    else ("redaktoer", Role.INSTITUTION_EDITOR)
                )
                plan.append((label, role, institution.municipality, institution))
        users, memberships = [], []
        for n, (label, role, municipality, institution) in enumerate(plan, start=1):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            username = f"{USERNAME_PREFIX}{municipality.slug}-{label}-{n}"
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@{municipality.slug}.example",
                password=password,
            )
            users.append(user)
            memberships.append(
                Membership(user=user, role=role, municipality=municipality, institution=institution)
            )
        User.objects.bulk_create(users, batch_size=BATCH)
        for membership in memberships:
            membership.user_id = membership.user.pk
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.counts["users"] += len(users)
        leaders: dict[int, list] = defaultdict(list)
        for (label, *_rest), membership in zip(plan, memberships, strict=True):
            if label == "leder":
                leaders[membership.institution_id].append(membership.user)
            elif label == "koordinator":
                self.coordinators[membership.municipality_id] = membership.user
        return leaders

    # --- policies ------------------------------------------------------------

    def policies(self, municipalities, institutions, leaders, total: int) -> None:
        """One policy per institution (all of them when there are fewer policies
        than institutions; else some institutions also have an older, replaced one).
        Adopted policies have review dates spread over the year, so some are due
        soon and some overdue."""
        all_institutions = [i for m, _ in municipalities for i in institutions[m.pk]]
        if not all_institutions or not total:
            return
        if total <= len(all_institutions):
            owners = self.rng.sample(all_institutions, total)
        else:
            owners = all_institutions + self.rng.choices(
                all_institutions, k=total - len(all_institutions)
            )
        seen: set[int] = set()
        policies, version_rows = [], []
        for institution in owners:
            template = self.templates.get(TEMPLATE_KIND_BY_INSTITUTION_KIND[institution.kind])
            content = template.content if template else {}
            responsible = None
            if leaders.get(institution.pk) and self.rng.random() < 0.8:
                responsible = leaders[institution.pk][0]
            policy = Policy(
                municipality_id=institution.municipality_id,
                institution=institution,
                title=f"Rusmiddelpolitik for {institution.name}",
                template=template,
                responsible=responsible,
                content={
                    **content,
                    "evaluation": {
                        "participants": "Ledelse, medarbejderrepræsentanter, elevråd og forældre",
                        "review_interval_months": 12,
                    },
                },
            )
            replaced = institution.pk in seen
            seen.add(institution.pk)
            roll = self.rng.random()
            if replaced:
                status = Policy.Status.REPLACED
            elif roll < 0.70:
                status = Policy.Status.ADOPTED
            elif roll < 0.80:
                status = Policy.Status.CONSULTATION
            else:
                status = Policy.Status.DRAFT
            policy.status = status
            policy.current_step = "review" if status != Policy.Status.DRAFT else "guidelines"
            cycles = 0
            if status in (Policy.Status.ADOPTED, Policy.Status.REPLACED):
                # Due dates over one year from 75 days ago: ~8 % due within 30 days,
                # ~20 % overdue, some of them past the steering group's grace period.
                due = self.today + timedelta(days=self.rng.randint(-75, 290))
                if status == Policy.Status.REPLACED:
                    due -= timedelta(days=365)
                cycles = self.rng.choice((1, 1, 1, 2, 3))
                adopted_on = add_months(due, -12)
                policy.adopted_at = timezone.make_aware(datetime.combine(adopted_on, dt_time(10)))
                policy.review_due_date = due
                policy.review_cycle = cycles
                policy.adopted_by = responsible or self.coordinators.get(
                    institution.municipality_id
                )
            policies.append(policy)
            version_rows.append(cycles)
        Policy.objects.bulk_create(policies, batch_size=500)
        versions = []
        for policy, cycles in zip(policies, version_rows, strict=True):
            snapshot = None
            for number in range(1, cycles + 1):
                if snapshot is None:
                    snapshot = policy.snapshot()
                due = add_months(policy.review_due_date, -12 * (cycles - number))
                versions.append(
                    PolicyVersion(
                        policy=policy,
                        number=number,
                        title=policy.title,
                        institution_name=policy.institution.name,
                        content=snapshot,
                        adopted_at=timezone.make_aware(
                            datetime.combine(add_months(due, -12), dt_time(10))
                        ),
                        adopted_by=policy.adopted_by,
                        review_due_date=due,
                    )
                )
        PolicyVersion.objects.bulk_create(versions, batch_size=500)
        self.counts["policies"] += len(policies)
        self.counts["policy versions"] += len(versions)

    # --- partnerships --------------------------------------------------------

    def partnerships(self, municipalities, institutions) -> list[PartnershipContract]:
        """Contracts with one in ten schools and youth educations; a nightlife
        agreement in one municipality in three."""
        contracts, obligations, signatories = [], [], []
        agreements, members = [], []
        key = 0
        for municipality, _size in municipalities:
            candidates = [
                i
                for i in institutions[municipality.pk]
                if i.kind in (Institution.Kind.PRIMARY_SCHOOL, Institution.Kind.YOUTH_EDUCATION)
            ]
            for institution in candidates:
                if self.rng.random() >= 0.1:
                    continue
                key += 1
                start = self.today - timedelta(days=self.rng.randint(0, 700))
                status = self.rng.choice(
                    [
                        PartnershipContract.Status.DRAFT,
                        PartnershipContract.Status.SIGNED,
                        PartnershipContract.Status.ACTIVE,
                        PartnershipContract.Status.ACTIVE,
                        PartnershipContract.Status.COMPLETED,
                    ]
                )
                contract = PartnershipContract(
                    municipality=municipality,
                    institution=institution,
                    title=f"Partnerskabskontrakt med {institution.name}",
                    municipal_party=f"SSP {municipality.name}",
                    local_values_and_goals="Skolen ønsker et trygt miljø uden rusmidler.",
                    guidelines_and_help="Bekymring drøftes med den unge og forældrene.",
                    organisation="Politikken skrives ind i ordensreglementet.",
                    key_person_training="To lærere uddannes i den motiverende samtale.",
                    commits_no_exclusion=True,
                    commits_treatment_offer=True,
                    start_date=start,
                    end_date=start + timedelta(days=730),
                    status=status,
                    signed_on=None if status == PartnershipContract.Status.DRAFT else start,
                    seed_key=f"{SEED_KEY_PREFIX}contract-{key}",
                )
                contracts.append(contract)
                for party, name in (
                    (Party.INSTITUTION, "Skoleleder"),
                    (Party.MUNICIPALITY, "SSP-konsulent"),
                ):
                    signatories.append(
                        Signatory(
                            contract=contract,
                            party=party,
                            name=self.person(),
                            role=name,
                            signed_on=contract.signed_on,
                        )
                    )
                for party, text in self.rng.sample(OBLIGATIONS, 3):
                    obligation_status = self.rng.choice(
                        [Obligation.Status.OPEN, Obligation.Status.OPEN, Obligation.Status.DONE]
                    )
                    obligations.append(
                        Obligation(
                            contract=contract,
                            party=party,
                            description=text,
                            owner_name=self.person(),
                            due_date=self.today + timedelta(days=self.rng.randint(-60, 180)),
                            status=obligation_status,
                            completed_on=(
                                self.today if obligation_status == Obligation.Status.DONE else None
                            ),
                        )
                    )
            if self.rng.random() < 1 / 3:
                venues = [
                    i
                    for i in institutions[municipality.pk]
                    if i.kind == Institution.Kind.NIGHTLIFE_VENUE
                ]
                agreement = NightlifeAgreement(
                    municipality=municipality,
                    name=f"Trygt natteliv i {municipality.name}",
                    description="Aftale mellem restauratører, politi og kommune.",
                    shared_rules=AGREEMENT_RULES,
                    quarantine_months=24,
                    status=NightlifeAgreement.Status.ACTIVE,
                    start_date=self.today - timedelta(days=self.rng.randint(30, 900)),
                    seed_key=f"{SEED_KEY_PREFIX}agreement-{municipality.slug}",
                )
                agreements.append(agreement)
                members.append(AgreementMember(agreement=agreement, name="Politiet", kind="police"))
                members.append(
                    AgreementMember(
                        agreement=agreement,
                        name=f"{municipality.name} Kommune",
                        kind="municipality",
                    )
                )
                for venue in venues[:10]:
                    members.append(
                        AgreementMember(agreement=agreement, name=venue.name, kind="venue")
                    )
        PartnershipContract.objects.bulk_create(contracts, batch_size=BATCH)
        for row in signatories + obligations:
            row.contract_id = row.contract.pk
        Signatory.objects.bulk_create(signatories, batch_size=BATCH)
        Obligation.objects.bulk_create(obligations, batch_size=BATCH)
        NightlifeAgreement.objects.bulk_create(agreements, batch_size=BATCH)
        for member in members:
            member.agreement_id = member.agreement.pk
        AgreementMember.objects.bulk_create(members, batch_size=BATCH)
        self.counts["partnership contracts"] += len(contracts)
        self.counts["obligations"] += len(obligations)
        self.counts["signatories"] += len(signatories)
        self.counts["nightlife agreements"] += len(agreements)
        self.counts["agreement members"] += len(members)
        return contracts

    # --- activities ----------------------------------------------------------

    def activities(self, municipalities, institutions, total: int) -> None:
        """Activities over the last three years and the coming four months,
        modelled on the booklet's rows, with their relations."""
        shares = _spread(total, [size for _m, size in municipalities], self.rng)
        arena_codes = list(self.arenas)
        # Schools and leisure dominate the booklet's tables too.
        arena_weights = [
            {"school": 35, "youth_education": 12, "leisure": 20, "nightlife": 10, "housing": 5}.get(
                code, 18
            )
            for code in arena_codes
        ]
        by_arena: dict[int, dict[str, list[int]]] = {}
        for municipality, _size in municipalities:
            grouped: dict[str, list[int]] = defaultdict(list)
            for institution in institutions[municipality.pk]:
                grouped[institution.arena_code].append(institution.pk)
            by_arena[municipality.pk] = grouped
        first_day = self.today - timedelta(days=3 * 365)
        span = (self.today + timedelta(days=120) - first_day).days
        key = 0
        pending: list[tuple[Activity, dict[str, list[int]]]] = []
        for (municipality, _size), share in zip(municipalities, shares, strict=True):
            for _ in range(share):
                key += 1
                code = self.rng.choices(arena_codes, arena_weights)[0]
                pattern = self.rng.choice(self.patterns[code])
                start = first_day + timedelta(days=self.rng.randrange(span))
                end = start + timedelta(days=self.rng.choice((0, 0, 1, 2, 7, 30, 90)))
                if end < self.today:
                    status = (
                        Activity.Status.CANCELLED
                        if self.rng.random() < 0.04
                        else Activity.Status.COMPLETED
                    )
                elif start > self.today:
                    status = Activity.Status.PLANNED
                else:
                    status = Activity.Status.ONGOING
                has_count = self.rng.random() < 0.7
                activity = Activity(
                    municipality=municipality,
                    arena=self.arenas[code],
                    title=pattern["title"][:500],
                    target_group_text=(pattern.get("target_group") or "")[:500],
                    grade_from=pattern.get("grade_from"),
                    grade_to=pattern.get("grade_to"),
                    participants=self.rng.randint(8, 400) if has_count else None,
                    events=self.rng.randint(1, 12) if has_count else None,
                    start_date=start,
                    end_date=end,
                    status=status,
                    seed_key=f"{SEED_KEY_PREFIX}{key}",
                )
                target_groups = [
                    self.target_groups[c]
                    for c in pattern.get("target_groups") or []
                    if c in self.target_groups
                ] or [self.rng.choice(list(self.target_groups.values()))]
                programmes = [
                    self.programmes[c]
                    for c in pattern.get("programmes") or []
                    if c in self.programmes
                ]
                local = by_arena[municipality.pk].get(code, [])
                linked = self.rng.sample(local, min(len(local), self.rng.choice((0, 1, 1, 2))))
                relations = {
                    "target_groups": target_groups,
                    "programmes": programmes,
                    "institutions": linked,
                    "principles": self.rng.sample(self.principles, self.rng.randint(1, 3)),
                }
                pending.append((activity, relations))
                if len(pending) >= BATCH:
                    self._flush_activities(pending)
                    pending = []
        if pending:
            self._flush_activities(pending)

    def _flush_activities(self, pending) -> None:
        Activity.objects.bulk_create([a for a, _r in pending], batch_size=BATCH)
        self.counts["activities"] += len(pending)
        for name in ("target_groups", "programmes", "institutions", "principles"):
            field = getattr(Activity, name)
            through = field.through
            column = field.field.m2m_reverse_field_name()
            rows = [
                through(activity_id=activity.pk, **{f"{column}_id": target})
                for activity, relations in pending
                for target in relations[name]
            ]
            through.objects.bulk_create(rows, batch_size=5000)
            self.counts[f"activity {name.replace('_', ' ')} links"] += len(rows)


class Command(BaseCommand):
    help = (
        "Generate a deterministic, realistic national-scale data set (Denmark's 98 "
        "municipalities, institutions, users, policies, partnerships, activities) for "
        "benchmarks. Run seed_model_municipalities first. Not for production databases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=98)
        parser.add_argument("--institutions", type=int, default=5000)
        parser.add_argument("--policies", type=int, default=5000)
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument("--users", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the day dates are relative to (YYYY-MM-DD; default today)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if Activity.objects.filter(seed_key__startswith=SEED_KEY_PREFIX).exists():
            raise CommandError("Generated data is already there: use a fresh database.")
        generator = Generator(
            seed=options["seed"], today=options["today"] or timezone.localdate(), out=self.stdout
        )
        steps = []
        with transaction.atomic():
            generator.load_reference()

            def step(name, func, *args):
                t0 = time.perf_counter()
                result = func(*args)
                steps.append((name, time.perf_counter() - t0))
                return result

            municipalities = step(
                "municipalities", generator.municipalities, options["municipalities"]
            )
            institutions = step(
                "institutions", generator.institutions, municipalities, options["institutions"]
            )
            leaders = step("users", generator.users, municipalities, institutions, options["users"])
            step(
                "policies",
                generator.policies,
                municipalities,
                institutions,
                leaders,
                options["policies"],
            )
            step("partnerships", generator.partnerships, municipalities, institutions)
            step(
                "activities",
                generator.activities,
                municipalities,
                institutions,
                options["activities"],
            )
        elapsed = time.perf_counter() - started
        self.stdout.write("Created:")
        for name, count in generator.counts.items():
            self.stdout.write(f"  {name}: {count}")
        for name, seconds in steps:
            self.stdout.write(f"  [{name}: {seconds:.1f} s]")
        self.stdout.write(
            f"Done in {elapsed:.1f} s (seed {options['seed']}, today {generator.today})."
        )
