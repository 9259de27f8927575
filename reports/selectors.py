"""Status figures for steering groups: one municipality or the whole country.

Read-only aggregations (selectors). Everything is aggregated in SQL, and the number
of queries never depends on how many activities, policies or contracts there are.
``status_summary`` feeds the web status page, the PDF, the national comparison and
the spreadsheet; ``status_details`` adds the lean listings of one municipality.

Each figure has one period rule, written in ``PERIOD_RULES`` (shown as the report's
footnotes) and in docs/reports.md:

- activities: those that overlap the period;
- policies: adopted in the period (an adoption dated in it), and in force at the
  period's reference day (adopted on or before it, not replaced or archived);
  a policy in force is valid when the review date of the version in force then has
  not passed;
- contracts and nightlife agreements: in force at some time in the period by their
  start and end dates; one without a start date is undated ("udateret"), listed
  apart and never counted as in force;
- obligations: due in the period, and overdue at the reference day (due before it
  and not done by then).

The reference day is the period's last day, or today while the period is running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from activities.models import PROJECT_END, Activity, overlapping
from municipalities.models import (
    Arena,
    Institution,
    Municipality,
    Principle,
    Programme,
    TargetGroup,
)
from partnerships.models import NightlifeAgreement, Obligation, PartnershipContract
from policies.models import Policy, PolicyVersion

# A period longer than this would make the quarter query very wide; the form refuses it.
MAX_QUARTERS = 48

# The rule behind every figure, in the order the report's footnotes print them.
PERIOD_RULES = (
    (
        gettext_lazy("Aktiviteter"),
        gettext_lazy(
            "Aktiviteter, der foregår i perioden: startet senest periodens sidste dag og "
            "ikke slut før dens første dag (en aktivitet uden slutdato er dagen, den starter)."
        ),
    ),
    (
        gettext_lazy("Politikker vedtaget"),
        gettext_lazy("Politikker med en vedtagelse dateret i perioden."),
    ),
    (
        gettext_lazy("Politikker i kraft og gældende"),
        gettext_lazy(
            "Politikker vedtaget senest opgørelsesdagen og ikke erstattet eller arkiveret. "
            "En politik i kraft er gældende, når revisionsdatoen for den version, der var i "
            "kraft, ikke er overskredet på opgørelsesdagen; ellers er revisionen overskredet. "
            "En vedtagelse, som erfaringshæftet beretter om, gælder kun i projektperioden og "
            "er aldrig overskredet."
        ),
    ),
    (
        gettext_lazy("Kontrakter og aftaler i kraft"),
        gettext_lazy(
            "Underskrevne kontrakter og indgåede aftaler, hvis start- og slutdato viser, at de "
            "var i kraft på et tidspunkt i perioden. Uden startdato er de „udateret“: de "
            "nævnes for sig og tælles aldrig som i kraft."
        ),
    ),
    (
        gettext_lazy("Forpligtelser"),
        gettext_lazy(
            "Forpligtelser med frist i perioden, og forpligtelser, hvis frist var overskredet "
            "på opgørelsesdagen uden at de var udført (annullerede tælles ikke)."
        ),
    ),
    (
        gettext_lazy("Opgørelsesdag"),
        gettext_lazy("Periodens sidste dag, eller dagen i dag, hvis perioden ikke er slut."),
    ),
    (
        gettext_lazy("Forrige periode"),
        gettext_lazy(
            "Perioden af samme længde lige før (hele måneder: samme antal måneder). "
            "Ændringerne på side 1 sammenligner med den."
        ),
    ),
    (
        gettext_lazy("Huller"),
        gettext_lazy(
            "Et indsatsområde og en målgruppe uden aktiviteter i perioden, hvor mindst en "
            "tredjedel af de kommuner, der har aktiviteter med målgruppe, har aktiviteter. "
            "Kun aktiviteter med målgruppe tælles; uden dem vises ingen huller."
        ),
    ),
)

# A combination of arena and target group "matters" when at least this share of the
# municipalities with target-group-classified activities in the period have one there.
HOLE_SHARE = 1 / 3
HOLES_LISTED = 8
FINDINGS_MAX = 6


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def previous(self) -> Period:
        """The period of the same length just before: whole months shift by their
        number of months (a calendar year by a year), other periods by their days."""
        if self.start.day == 1 and (self.end + timedelta(days=1)).day == 1:
            months = (
                (self.end.year * 12 + self.end.month)
                - (self.start.year * 12 + self.start.month)
                + 1
            )
            return Period(self.start - relativedelta(months=months), self.start - timedelta(days=1))
        days = (self.end - self.start).days + 1
        return Period(self.start - timedelta(days=days), self.start - timedelta(days=1))

    def reference_day(self, today: date) -> date:
        """The day "in force" and "overdue" are counted at."""
        return min(self.end, today)


@dataclass(frozen=True)
class Row:
    """Activities of one arena, target group or programme in the period."""

    key: str
    label: str
    activities: int
    participants: int = 0
    events: int = 0


@dataclass(frozen=True)
class PrincipleRow:
    number: int
    name: str
    activities: int

    @property
    def covered(self) -> bool:
        return self.activities > 0


@dataclass(frozen=True)
class QuarterRow:
    label: str
    start: date
    end: date
    running: int  # activities that ran during the quarter
    started: int  # activities that began in the quarter


@dataclass(frozen=True)
class Hole:
    """An arena and target group without activities here, though many others have some."""

    arena: str
    target_group: str
    municipalities_with: int  # municipalities with activities there
    municipalities_classified: int  # municipalities with target-group-classified activities
    lacking: list[str] = field(default_factory=list)  # national: who has none there


@dataclass(frozen=True)
class KindPolicyRow:
    label: str
    institutions: int
    with_valid_policy: int

    @property
    def share(self) -> float | None:
        return self.with_valid_policy / self.institutions * 100 if self.institutions else None


@dataclass(frozen=True)
class PolicyStats:
    """Policies in force at the reference day, and institutions with a valid one."""

    institutions: int
    with_valid_policy: int
    adopted_in_period: int
    in_force: int
    overdue_reviews: int
    schools: int
    schools_with_valid_policy: int
    by_kind: list[KindPolicyRow]

    @property
    def share(self) -> float | None:
        return self.with_valid_policy / self.institutions * 100 if self.institutions else None

    @property
    def school_share(self) -> float | None:
        if not self.schools:
            return None
        return self.schools_with_valid_policy / self.schools * 100

    @property
    def other_institutions(self) -> int:
        return self.institutions - self.schools

    @property
    def other_with_valid_policy(self) -> int:
        return self.with_valid_policy - self.schools_with_valid_policy

    @property
    def other_share(self) -> float | None:
        if not self.other_institutions:
            return None
        return self.other_with_valid_policy / self.other_institutions * 100


@dataclass(frozen=True)
class PartnershipStats:
    contracts_in_force: int
    contracts_undated: int
    agreements_in_force: int
    agreements_undated: int
    obligations_due: int
    overdue_obligations: int


@dataclass(frozen=True)
class MunicipalityRow:
    """One municipality in the national comparison."""

    slug: str
    name: str
    activities: int
    participants: int
    arenas_covered: int
    institutions: int
    with_valid_policy: int
    overdue_reviews: int
    contracts_in_force: int
    undated: int
    overdue_obligations: int

    @property
    def share(self) -> float | None:
        return self.with_valid_policy / self.institutions * 100 if self.institutions else None


@dataclass(frozen=True)
class KeyFigure:
    """A figure on page 1 with its value in the previous period of the same length."""

    key: str
    label: str
    value: int
    previous: int
    attention: bool = False  # a rise is bad news (overdue figures)

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def magnitude(self) -> int:
        return abs(self.change)


@dataclass
class StatusSummary:
    municipality: Municipality | None
    start: date
    end: date
    today: date
    activities: int
    participants: int
    activities_with_participants: int
    events: int
    with_principle: int  # activities classified by at least one principle
    with_target_group: int
    arenas: list[Row]
    target_groups: list[Row]
    programmes: list[Row]
    principles: list[PrincipleRow]
    quarters: list[QuarterRow]
    holes: list[Hole]
    policies: PolicyStats
    partnerships: PartnershipStats
    previous_start: date
    previous_end: date
    key_figures: list[KeyFigure]
    municipalities: list[MunicipalityRow] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    @property
    def is_national(self) -> bool:
        return self.municipality is None

    @property
    def reference_day(self) -> date:
        return Period(self.start, self.end).reference_day(self.today)

    @property
    def principles_covered(self) -> int:
        return sum(1 for p in self.principles if p.covered)

    @property
    def principles_known(self) -> bool:
        """Whether any activity says which principles it follows."""
        return self.with_principle > 0

    @property
    def arenas_covered(self) -> int:
        return sum(1 for a in self.arenas if a.activities)

    @property
    def arena_gaps(self) -> list[str]:
        return [a.label for a in self.arenas if not a.activities]

    @property
    def principle_gaps(self) -> list[str]:
        if not self.principles_known:
            return []
        return [f"{p.number}. {p.name}" for p in self.principles if not p.covered]

    @property
    def undated(self) -> int:
        return self.partnerships.contracts_undated + self.partnerships.agreements_undated


# --- helpers -------------------------------------------------------------------


def _scoped(queryset: QuerySet, municipality: Municipality | None, lookup: str) -> QuerySet:
    return queryset if municipality is None else queryset.filter(**{lookup: municipality})


def period_activities(
    *, municipality: Municipality | None, start: date, end: date
) -> QuerySet[Activity]:
    """The activities a report counts: those of ``municipality`` (or all) that
    overlap the period."""
    return _scoped(Activity.objects.in_period(start, end), municipality, "municipality")


def quarter_count(start: date, end: date) -> int:
    """How many calendar quarters overlap [start, end]."""
    return (end.year * 4 + (end.month - 1) // 3) - (start.year * 4 + (start.month - 1) // 3) + 1


def quarters_between(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar quarters overlapping [start, end], clipped to the period."""
    quarters = []
    year, q = start.year, (start.month - 1) // 3
    while True:
        q_start = date(year, q * 3 + 1, 1)
        if q_start > end or len(quarters) >= MAX_QUARTERS:
            break
        next_start = date(year + 1, 1, 1) if q == 3 else date(year, q * 3 + 4, 1)
        q_end = next_start - timedelta(days=1)
        quarters.append((max(q_start, start), min(q_end, end)))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return quarters


def _classified(activities: QuerySet) -> QuerySet:
    through_p = Activity.principles.through.objects.filter(activity_id=OuterRef("pk"))
    through_t = Activity.target_groups.through.objects.filter(activity_id=OuterRef("pk"))
    return activities.annotate(has_principle=Exists(through_p), has_target=Exists(through_t))


def _totals_and_quarters(activities: QuerySet, start: date, end: date):
    """One query: totals, classification counts and, per quarter, activities
    running and started."""
    quarters = quarters_between(start, end)
    aggregates = {
        "total_n": Count("id"),
        "total_participants": Sum("participants"),
        "total_with_participants": Count("id", filter=Q(participants__isnull=False)),
        "total_events": Sum("events"),
        "with_principle": Count("id", filter=Q(has_principle=True)),
        "with_target_group": Count("id", filter=Q(has_target=True)),
    }
    for i, (q_start, q_end) in enumerate(quarters):
        aggregates[f"run_{i}"] = Count("id", filter=overlapping(q_start, q_end))
        aggregates[f"start_{i}"] = Count(
            "id", filter=Q(start_date__gte=q_start, start_date__lte=q_end)
        )
    values = _classified(activities).aggregate(**aggregates)
    rows = [
        QuarterRow(
            label=_("%(quarter)s. kvt. %(year)s")
            % {"quarter": (q_start.month - 1) // 3 + 1, "year": q_start.year},
            start=q_start,
            end=q_end,
            running=values[f"run_{i}"],
            started=values[f"start_{i}"],
        )
        for i, (q_start, q_end) in enumerate(quarters)
    ]
    return values, rows


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    """A correlated COUNT(*) of ``queryset`` rows whose ``outer`` is the outer municipality."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(c=Count("*"))
        .values("c")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- the period rules ---------------------------------------------------------------


def policies_at(day: date) -> QuerySet[Policy]:
    """Policies in force on ``day``, each annotated with ``due_at``: the review date of
    the version in force then. A policy adopted before versions were kept (or by the
    data set) has only its own adoption and review date. A historical record (from the
    booklet) is in force during the project period only and never overdue."""
    in_force_version = PolicyVersion.objects.filter(
        policy=OuterRef("pk"), adopted_at__date__lte=day
    ).order_by("-adopted_at", "-number")
    policies = Policy.objects.exclude(status__in=[Policy.Status.REPLACED, Policy.Status.ARCHIVED])
    if day > PROJECT_END:
        # An adoption the booklet reports is true of the project period only.
        policies = policies.filter(is_historical=False)
    return policies.annotate(
        due_at=Coalesce(
            Subquery(in_force_version.values("review_due_date")[:1]),
            Case(
                When(adopted_at__date__lte=day, then=F("review_due_date")),
                output_field=DateField(),
            ),
        )
    ).filter(due_at__isnull=False)


def _valid_on(day: date) -> Q:
    """Of the policies in force on ``day``: review not overdue (a historical record's
    review is not known, and it is never overdue)."""
    return Q(due_at__gte=day) | Q(is_historical=True)


def policies_adopted_in(start: date, end: date) -> QuerySet[Policy]:
    """Policies with an adoption dated in [start, end]: a frozen version, or (without
    versions) the policy's own adoption date."""
    version = PolicyVersion.objects.filter(
        policy=OuterRef("pk"), adopted_at__date__gte=start, adopted_at__date__lte=end
    )
    return Policy.objects.filter(
        Exists(version) | Q(adopted_at__date__gte=start, adopted_at__date__lte=end)
    )


def _in_force(start: date, end: date, *, ended_statuses: list[str]) -> Q:
    """Dated, not a draft, started by ``end`` and not ended before ``start``. Without an
    end date it runs on, unless its status says it ended (then it is undated)."""
    return Q(start_date__isnull=False, start_date__lte=end) & (
        Q(end_date__gte=start) | Q(end_date__isnull=True) & ~Q(status__in=ended_statuses)
    )


def contracts_in_force(start: date, end: date) -> QuerySet[PartnershipContract]:
    """Contracts in force at some time in [start, end] by their dates (a contract
    ended early counts until the day it ended)."""
    ended = [PartnershipContract.Status.COMPLETED, PartnershipContract.Status.ENDED_EARLY]
    return (
        PartnershipContract.objects.exclude(status=PartnershipContract.Status.DRAFT)
        .filter(_in_force(start, end, ended_statuses=ended))
        .exclude(ended_on__lt=start)
    )


def contracts_undated() -> QuerySet[PartnershipContract]:
    """Contracts past the draft without a start date: never counted as in force."""
    ended = [PartnershipContract.Status.COMPLETED, PartnershipContract.Status.ENDED_EARLY]
    return PartnershipContract.objects.exclude(status=PartnershipContract.Status.DRAFT).filter(
        Q(start_date__isnull=True) | Q(end_date__isnull=True, status__in=ended, ended_on=None)
    )


def agreements_in_force(start: date, end: date) -> QuerySet[NightlifeAgreement]:
    return NightlifeAgreement.objects.exclude(status=NightlifeAgreement.Status.DRAFT).filter(
        _in_force(start, end, ended_statuses=[NightlifeAgreement.Status.ENDED])
    )


def agreements_undated() -> QuerySet[NightlifeAgreement]:
    return NightlifeAgreement.objects.exclude(status=NightlifeAgreement.Status.DRAFT).filter(
        Q(start_date__isnull=True)
        | Q(end_date__isnull=True, status=NightlifeAgreement.Status.ENDED)
    )


def obligations_due_in(start: date, end: date) -> QuerySet[Obligation]:
    return Obligation.objects.exclude(status=Obligation.Status.CANCELLED).filter(
        due_date__gte=start, due_date__lte=end
    )


def obligations_overdue_at(day: date) -> QuerySet[Obligation]:
    """Due before ``day`` and not done by then (still open, or done after it)."""
    return Obligation.objects.filter(due_date__lt=day).filter(
        Q(status=Obligation.Status.OPEN) | Q(status=Obligation.Status.DONE, completed_on__gte=day)
    )


def _municipality_figures(
    municipality: Municipality | None, period: Period, today: date
) -> list[dict]:
    """One query: per municipality (one or all), the period's policy, contract,
    agreement and obligation figures by the rules above."""
    day = period.reference_day(today)
    in_force = policies_at(day)
    valid = in_force.filter(_valid_on(day), institution=OuterRef("pk"))
    institutions = Institution.objects.annotate(has_valid=Exists(valid))
    counts = {
        "institutions": _count(Institution.objects.all(), "municipality"),
        "with_valid_policy": _count(institutions.filter(has_valid=True), "municipality"),
        "adopted_in_period": _count(policies_adopted_in(period.start, period.end), "municipality"),
        "in_force": _count(in_force, "municipality"),
        "overdue_reviews": _count(
            in_force.filter(due_at__lt=day, is_historical=False), "municipality"
        ),
        "contracts_in_force": _count(contracts_in_force(period.start, period.end), "municipality"),
        "contracts_undated": _count(contracts_undated(), "municipality"),
        "agreements_in_force": _count(
            agreements_in_force(period.start, period.end), "municipality"
        ),
        "agreements_undated": _count(agreements_undated(), "municipality"),
        "obligations_due": _count(
            obligations_due_in(period.start, period.end), "contract__municipality"
        ),
        "overdue_obligations": _count(obligations_overdue_at(day), "contract__municipality"),
    }
    municipalities = Municipality.objects.order_by("name")
    if municipality is not None:
        municipalities = municipalities.filter(pk=municipality.pk)
    # Annotation names must not clash with reverse relations ("institutions").
    rows = municipalities.annotate(**{f"n_{name}": expr for name, expr in counts.items()}).values(
        "pk", "slug", "name", "historical_name", *(f"n_{name}" for name in counts)
    )
    return [
        {
            key.removeprefix("n_") if key.startswith("n_") else key: value
            for key, value in row.items()
        }
        for row in rows
    ]


def _policy_stats(municipality: Municipality | None, day: date, figures: list[dict]) -> PolicyStats:
    """One query: institutions per kind, with and without a valid policy on ``day``."""
    valid = policies_at(day).filter(_valid_on(day), institution=OuterRef("pk"))
    rows = (
        _scoped(Institution.objects.all(), municipality, "municipality")
        .annotate(has_valid=Exists(valid))
        .values("kind")
        .annotate(total=Count("id"), with_valid=Count("id", filter=Q(has_valid=True)))
        .order_by()
    )
    by_kind_values = {row["kind"]: row for row in rows}
    by_kind = [
        KindPolicyRow(
            label=str(label),
            institutions=by_kind_values.get(kind, {}).get("total", 0),
            with_valid_policy=by_kind_values.get(kind, {}).get("with_valid", 0),
        )
        for kind, label in Institution.Kind.choices
    ]
    school = by_kind_values.get(Institution.Kind.PRIMARY_SCHOOL, {})
    return PolicyStats(
        institutions=sum(r.institutions for r in by_kind),
        with_valid_policy=sum(r.with_valid_policy for r in by_kind),
        adopted_in_period=sum(f["adopted_in_period"] for f in figures),
        in_force=sum(f["in_force"] for f in figures),
        overdue_reviews=sum(f["overdue_reviews"] for f in figures),
        schools=school.get("total", 0),
        schools_with_valid_policy=school.get("with_valid", 0),
        by_kind=by_kind,
    )


PARTNERSHIP_FIGURES = (
    "contracts_in_force",
    "contracts_undated",
    "agreements_in_force",
    "agreements_undated",
    "obligations_due",
    "overdue_obligations",
)


def _partnership_stats(figures: list[dict]) -> PartnershipStats:
    return PartnershipStats(**{name: sum(f[name] for f in figures) for name in PARTNERSHIP_FIGURES})


# The reference tables a summary counts activities by: (kind, model, relation on
# Activity, key field, position field). Positions sort like each model's Meta.ordering.
REFERENCE_TABLES = (
    ("arena", Arena, "arena", "code", "position"),
    ("target_group", TargetGroup, "target_groups", "code", "position"),
    ("programme", Programme, "programmes", "code", None),
    ("principle", Principle, "principles", "number", "number"),
)


def _reference_counts(activities: QuerySet) -> dict[str, list[dict]]:
    """One query: every arena, target group, programme and principle with the number
    of ``activities`` (and their participants and events) filed under it.

    A UNION of the four reference tables and of the period's activities grouped by
    each relation. Grouping the (municipality's) period activities first keeps the
    work proportional to them; counting from the reference side would join every
    activity of the country (slow at national scale)."""
    text = CharField()
    parts = []
    for kind, model, relation, key, position in REFERENCE_TABLES:
        parts.append(
            model.objects.order_by()
            .annotate(
                src=Value("ref", output_field=text),
                kind=Value(kind, output_field=text),
                rid=F("pk"),
                key=Cast(key, output_field=text),
                label=F("name"),
                pos=F(position) if position else Value(0, output_field=IntegerField()),
                n=Value(0, output_field=IntegerField()),
                p=Value(0, output_field=IntegerField()),
                e=Value(0, output_field=IntegerField()),
            )
            .values("src", "kind", "rid", "key", "label", "pos", "n", "p", "e")
        )
        parts.append(
            activities.order_by()
            .values(rid=F(relation))
            .annotate(
                src=Value("agg", output_field=text),
                kind=Value(kind, output_field=text),
                key=Value("", output_field=text),
                label=Value("", output_field=text),
                pos=Value(0, output_field=IntegerField()),
                n=Count("id"),
                p=Coalesce(Sum("participants"), 0),
                e=Coalesce(Sum("events"), 0),
            )
            .values("src", "kind", "rid", "key", "label", "pos", "n", "p", "e")
        )
    counted: dict[tuple[str, int], dict] = {}
    references: dict[str, list[dict]] = {kind: [] for kind, *_rest in REFERENCE_TABLES}
    for row in parts[0].union(*parts[1:], all=True):
        if row["src"] == "agg":
            # rid is None for the activities without any target group (or programme …).
            counted[(row["kind"], row["rid"])] = row
        else:
            references[row["kind"]].append(row)
    for kind, rows in references.items():
        rows.sort(key=lambda row: (row["pos"], row["label"]))
        for row in rows:
            figures = counted.get((kind, row["rid"]), {})
            row["n"], row["p"], row["e"] = (figures.get(name, 0) for name in ("n", "p", "e"))
    return references


def _rows(references: list[dict]) -> list[Row]:
    return [
        Row(key=r["key"], label=r["label"], activities=r["n"], participants=r["p"], events=r["e"])
        for r in references
    ]


def _holes(
    *,
    municipality: Municipality | None,
    start: date,
    end: date,
    names: dict[int, str],
) -> list[Hole]:
    """One query: per arena and target group, which municipalities have activities
    there in the period. A combination matters when at least ``HOLE_SHARE`` of the
    municipalities with target-group-classified activities have some; locally the
    holes are those that matter and this municipality lacks, nationally those that
    matter and the most municipalities lack. A municipality without classified
    activities shows none: its data cannot tell."""
    cells: dict[tuple[str, str], set[int]] = {}
    classified: set[int] = set()
    for arena, group, municipality_id in (
        Activity.objects.in_period(start, end)
        .filter(target_groups__isnull=False)
        .values_list("arena__name", "target_groups__name", "municipality_id")
        .order_by()
        .distinct()
    ):
        cells.setdefault((arena, group), set()).add(municipality_id)
        classified.add(municipality_id)
    if not classified or (municipality is not None and municipality.pk not in classified):
        return []
    threshold = max(2, HOLE_SHARE * len(classified))
    holes = []
    for (arena, group), present in cells.items():
        if len(present) < threshold:
            continue
        if municipality is not None:
            if municipality.pk in present:
                continue
            lacking = []
        else:
            lacking = sorted(names[pk] for pk in classified - present if pk in names)
            if not lacking:
                continue
        holes.append(
            Hole(
                arena=arena,
                target_group=group,
                municipalities_with=len(present),
                municipalities_classified=len(classified),
                lacking=lacking,
            )
        )
    holes.sort(key=lambda h: (-h.municipalities_with, h.arena, h.target_group))
    return holes[:HOLES_LISTED]


def _national_rows(activities: QuerySet, arenas: list[Row], figures: list[dict]):
    """One query: activities and participants per municipality and arena."""
    per_arena: dict[tuple[int, str], int] = {}
    participants: dict[int, int] = {}
    for row in (
        activities.values("municipality_id", "arena__code")
        .annotate(n=Count("id"), p=Sum("participants"))
        .order_by()
    ):
        per_arena[(row["municipality_id"], row["arena__code"])] = row["n"]
        participants[row["municipality_id"]] = participants.get(row["municipality_id"], 0) + (
            row["p"] or 0
        )
    rows = []
    for f in figures:
        cells = [per_arena.get((f["pk"], arena.key), 0) for arena in arenas]
        rows.append(
            MunicipalityRow(
                slug=f["slug"],
                name=_municipality_name(f),
                activities=sum(cells),
                participants=participants.get(f["pk"], 0),
                arenas_covered=sum(1 for cell in cells if cell),
                institutions=f["institutions"],
                with_valid_policy=f["with_valid_policy"],
                overdue_reviews=f["overdue_reviews"],
                contracts_in_force=f["contracts_in_force"],
                undated=f["contracts_undated"] + f["agreements_undated"],
                overdue_obligations=f["overdue_obligations"],
            )
        )
    return rows


def _municipality_name(figures: dict) -> str:
    if figures["historical_name"]:
        return f"{figures['name']} ({figures['historical_name']})"
    return figures["name"]


def _key_figures(totals: dict, previous_totals: dict, figures, previous_figures):
    def total(rows: list[dict], name: str) -> int:
        return sum(row[name] for row in rows)

    return [
        KeyFigure(
            "activities", _("Aktiviteter i perioden"), totals["total_n"], previous_totals["total_n"]
        ),
        KeyFigure(
            "participants",
            _("Deltagere talt"),
            totals["total_participants"] or 0,
            previous_totals["total_participants"] or 0,
        ),
        KeyFigure(
            "adopted",
            _("Politikker vedtaget i perioden"),
            total(figures, "adopted_in_period"),
            total(previous_figures, "adopted_in_period"),
        ),
        KeyFigure(
            "valid",
            _("Institutioner med gældende politik"),
            total(figures, "with_valid_policy"),
            total(previous_figures, "with_valid_policy"),
        ),
        KeyFigure(
            "overdue_reviews",
            _("Politikker med overskredet revision"),
            total(figures, "overdue_reviews"),
            total(previous_figures, "overdue_reviews"),
            attention=True,
        ),
        KeyFigure(
            "contracts",
            _("Partnerskabskontrakter i kraft"),
            total(figures, "contracts_in_force"),
            total(previous_figures, "contracts_in_force"),
        ),
        KeyFigure(
            "agreements",
            _("Aftaler i nattelivet i kraft"),
            total(figures, "agreements_in_force"),
            total(previous_figures, "agreements_in_force"),
        ),
        KeyFigure(
            "overdue_obligations",
            _("Forpligtelser med overskredet frist"),
            total(figures, "overdue_obligations"),
            total(previous_figures, "overdue_obligations"),
            attention=True,
        ),
    ]


def _and_list(items: list[str]) -> str:
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def findings(summary: StatusSummary) -> list[str]:
    """Three to six findings in plain language, computed from the summary, most
    important first (in the active language)."""
    found: list[str] = []
    n = summary.activities
    activities = next(f for f in summary.key_figures if f.key == "activities")
    if n == 0:
        found.append(_("Ingen aktiviteter er registreret i perioden."))
    elif activities.previous == 0:
        found.append(
            ngettext(
                "%(n)s aktivitet i perioden; ingen i den forrige periode af samme længde.",
                "%(n)s aktiviteter i perioden; ingen i den forrige periode af samme længde.",
                n,
            )
            % {"n": n}
        )
    elif activities.change:
        found.append(
            (
                _(
                    "Antallet af aktiviteter steg fra %(before)s til %(now)s i forhold til den "
                    "forrige periode af samme længde."
                )
                if activities.change > 0
                else _(
                    "Antallet af aktiviteter faldt fra %(before)s til %(now)s i forhold til "
                    "den forrige periode af samme længde."
                )
            )
            % {"before": activities.previous, "now": n}
        )
    if n and summary.arena_gaps:
        found.append(
            _("Ingen aktiviteter i %(arenas)s i perioden.")
            % {"arenas": _and_list([gap.lower() for gap in summary.arena_gaps])}
        )
    overdue = summary.policies.overdue_reviews
    if overdue:
        found.append(
            ngettext(
                "%(n)s politik har overskredet revisionsdatoen.",
                "%(n)s politikker har overskredet revisionsdatoen.",
                overdue,
            )
            % {"n": overdue}
        )
    if summary.partnerships.overdue_obligations:
        k = summary.partnerships.overdue_obligations
        found.append(
            ngettext(
                "%(n)s forpligtelse i partnerskaberne har overskredet fristen.",
                "%(n)s forpligtelser i partnerskaberne har overskredet fristen.",
                k,
            )
            % {"n": k}
        )
    if summary.holes:
        hole = summary.holes[0]
        found.append(
            _("%(group)s i %(arena)s: %(n)s af %(total)s kommuner har aktiviteter her.")
            % {
                "group": hole.target_group,
                "arena": hole.arena.lower(),
                "n": hole.municipalities_with,
                "total": hole.municipalities_classified,
            }
            + (" " + _("Her er ingen.") if not summary.is_national else "")
        )
    parents = next((row for row in summary.target_groups if row.key == "parents"), None)
    if parents is not None and summary.with_target_group:
        found.append(
            _("Forældre er målgruppe for %(n)s af %(total)s aktiviteter.")
            % {"n": parents.activities, "total": n}
        )
    if n and not summary.with_principle:
        found.append(
            _(
                "Ingen af de %(total)s aktiviteter er klassificeret efter de effektive principper, "
                "så det vides ikke, hvilke principper de dækker."
            )
            % {"total": n}
        )
    elif n and summary.with_principle < n:
        found.append(
            _(
                "%(n)s af %(total)s aktiviteter er klassificeret efter princip; dækningen af "
                "principperne kendes kun for dem."
            )
            % {"n": summary.with_principle, "total": n}
        )
    if summary.undated:
        found.append(
            ngettext(
                "%(n)s kontrakt eller aftale har ingen datoer og tælles ikke som i kraft.",
                "%(n)s kontrakter og aftaler har ingen datoer og tælles ikke som i kraft.",
                summary.undated,
            )
            % {"n": summary.undated}
        )
    if len(found) < 3 and summary.policies.institutions:
        found.append(
            _("%(n)s af %(total)s institutioner har en gældende rusmiddelpolitik.")
            % {"n": summary.policies.with_valid_policy, "total": summary.policies.institutions}
        )
    if len(found) < 3:
        found.append(
            _(
                "%(contracts)s partnerskabskontrakter og %(agreements)s aftaler i nattelivet var "
                "i kraft i perioden."
            )
            % {
                "contracts": summary.partnerships.contracts_in_force,
                "agreements": summary.partnerships.agreements_in_force,
            }
        )
    return found[:FINDINGS_MAX]


# --- the selectors ------------------------------------------------------------------


def status_summary(
    *,
    municipality: Municipality | None,
    start: date,
    end: date,
    today: date | None = None,
) -> StatusSummary:
    """The status figures of ``municipality`` (None: the whole country) for the
    period [start, end], with the previous period of the same length for comparison.

    Eight queries, whatever the data size: (1) totals, classification and quarters;
    (2) arenas, target groups, programmes and principles with their activities (one
    UNION); (3) nationally the municipalities × arenas, locally nothing (so seven);
    (4) per municipality: policies, contracts, agreements, obligations; (5)
    institutions per kind with a valid policy; (6, 7) the previous period's totals and
    per-municipality figures; (8) the arena × target-group holes.
    """
    today = today or timezone.localdate()
    period = Period(start, end)
    previous = period.previous()
    activities = period_activities(municipality=municipality, start=start, end=end)
    totals, quarters = _totals_and_quarters(activities, start, end)
    references = _reference_counts(activities)
    arenas = _rows(references["arena"])
    target_groups = _rows(references["target_group"])
    programmes = [row for row in _rows(references["programme"]) if row.activities]
    principles = [
        PrincipleRow(number=r["pos"], name=r["label"], activities=r["n"])
        for r in references["principle"]
    ]
    figures = _municipality_figures(municipality, period, today)
    municipality_rows: list[MunicipalityRow] = []
    if municipality is None:
        municipality_rows = _national_rows(activities, arenas, figures)
    previous_totals = period_activities(
        municipality=municipality, start=previous.start, end=previous.end
    ).aggregate(total_n=Count("id"), total_participants=Sum("participants"))
    previous_figures = _municipality_figures(municipality, previous, today)
    summary = StatusSummary(
        municipality=municipality,
        start=start,
        end=end,
        today=today,
        activities=totals["total_n"],
        participants=totals["total_participants"] or 0,
        activities_with_participants=totals["total_with_participants"],
        events=totals["total_events"] or 0,
        with_principle=totals["with_principle"],
        with_target_group=totals["with_target_group"],
        arenas=arenas,
        target_groups=target_groups,
        programmes=programmes,
        principles=principles,
        quarters=quarters,
        holes=_holes(
            municipality=municipality,
            start=start,
            end=end,
            names={f["pk"]: _municipality_name(f) for f in figures},
        ),
        policies=_policy_stats(municipality, period.reference_day(today), figures),
        partnerships=_partnership_stats(figures),
        previous_start=previous.start,
        previous_end=previous.end,
        key_figures=_key_figures(totals, previous_totals, figures, previous_figures),
        municipalities=municipality_rows,
    )
    summary.findings = findings(summary)
    return summary


def period_label(start: date, end: date) -> str:
    return f"{date_format(start, 'j. F Y')} – {date_format(end, 'j. F Y')}"


# The PDF is a steering-group document, not an export (the CSV export lists every
# activity): each arena shows its largest groups of identical activities.
DETAIL_GROUPS_PER_ARENA = 6


@dataclass(frozen=True)
class ActivityGroup:
    """Activities of one arena held under the same title for the same target group."""

    title: str
    target_group: str
    times: int
    participants: int | None
    events: int | None


@dataclass
class ArenaActivities:
    """One arena's section of the report: its largest activity groups, and how many
    groups and activities were left out."""

    arena: str
    groups: list[ActivityGroup]
    activities: int
    other_groups: int = 0
    other_activities: int = 0


# Likewise for policies: the report lists those that need action, most urgent first, up
# to this many; the rest are counted. The policy list in the platform has them all.
DETAIL_POLICIES = 20


@dataclass
class PolicyAttention:
    """A municipality's current policies by what the steering group should do about them."""

    overdue: list[Policy] = field(default_factory=list)  # review date passed
    due_soon: list[Policy] = field(default_factory=list)  # within the municipality's lead time
    not_adopted: list[Policy] = field(default_factory=list)  # draft or in consultation
    in_order: int = 0  # adopted, review later

    @property
    def needing_action(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.not_adopted)

    @property
    def listed(self) -> list[Policy]:
        """The most urgent first: overdue (longest overdue first), due soon, not adopted."""
        return [*self.overdue, *self.due_soon, *self.not_adopted][:DETAIL_POLICIES]

    @property
    def not_listed(self) -> int:
        return self.needing_action - len(self.listed)


def policy_attention(policies: list[Policy], *, today: date, lead_days: int) -> PolicyAttention:
    """Sort ``policies`` (current, i.e. not replaced or archived) into PolicyAttention.
    Overdue and due soon count adopted policies as the summary does (``adopted()``:
    a review date is set, also while a revision is drafted)."""
    attention = PolicyAttention()
    soon = today + timedelta(days=lead_days)
    for policy in sorted(policies, key=lambda p: (p.review_due_date or date.max, p.pk)):
        if policy.review_due_date is not None and policy.review_due_date < today:
            attention.overdue.append(policy)
        elif policy.review_due_date is not None and policy.review_due_date <= soon:
            attention.due_soon.append(policy)
        elif policy.review_due_date is None and policy.status in Policy.EDITABLE_STATUSES:
            attention.not_adopted.append(policy)
        else:
            attention.in_order += 1
    attention.not_adopted.sort(key=lambda p: (p.institution.name, p.pk))
    return attention


@dataclass
class StatusDetails:
    """The lean listings a municipality's report prints besides the summary."""

    activities_by_arena: list[ArenaActivities]
    policies: PolicyAttention
    contracts_in_force: list[PartnershipContract]
    undated: list[PartnershipContract | NightlifeAgreement]
    agreements_in_force: list[NightlifeAgreement]
    obligations: list[Obligation]  # due in the period or overdue at the reference day
    obligations_not_listed: int = 0


# Obligations listed in the report, most overdue first; the rest are counted.
DETAIL_OBLIGATIONS = 12


def _activity_groups(
    *, municipality: Municipality, start: date, end: date, limit: int
) -> list[ArenaActivities]:
    """The period's activities grouped per arena by (title, target group text), in
    SQL, largest first; each arena keeps its ``limit`` largest groups. Two queries:
    the groups, and the target groups' names for groups without a free-text one."""
    activities = period_activities(municipality=municipality, start=start, end=end)
    rows = (
        activities.values(
            "arena_id", "arena__name", "arena__position", "title", "target_group_text"
        )
        .annotate(times=Count("id"), participants=Sum("participants"), events=Sum("events"))
        .order_by("arena__position", "arena_id", "-times", "title", "target_group_text")
    )
    # Groups without free text show the activities' registered target groups instead.
    names: dict[tuple[int, str], list[str]] = {}
    registered = (
        activities.filter(target_group_text="", target_groups__isnull=False)
        .values_list("arena_id", "title", "target_groups__position", "target_groups__name")
        .order_by()
        .distinct()
    )
    for arena_id, title, _position, name in sorted(registered):
        names.setdefault((arena_id, title), []).append(name)
    sections: dict[int, ArenaActivities] = {}
    for row in rows:
        section = sections.get(row["arena_id"])
        if section is None:
            section = sections[row["arena_id"]] = ArenaActivities(
                arena=row["arena__name"], groups=[], activities=0
            )
        section.activities += row["times"]
        if len(section.groups) >= limit:
            section.other_groups += 1
            section.other_activities += row["times"]
            continue
        target_group = row["target_group_text"] or ", ".join(
            names.get((row["arena_id"], row["title"]), [])
        )
        section.groups.append(
            ActivityGroup(
                title=row["title"],
                target_group=target_group,
                times=row["times"],
                participants=row["participants"],
                events=row["events"],
            )
        )
    return list(sections.values())


def status_details(
    *, municipality: Municipality, start: date, end: date, today: date | None = None
) -> StatusDetails:
    """Listings for one municipality's report, by the summary's period rules. Queries:
    activity groups; target-group names of groups without free text; policies with
    institutions; contracts in force; undated contracts; agreements in force; undated
    agreements; obligations (and their count when the list is full) — at most 9,
    whatever the data size."""
    today = today or timezone.localdate()
    day = Period(start, end).reference_day(today)
    policies = list(
        Policy.objects.filter(institution__municipality=municipality)
        .exclude(status__in=[Policy.Status.REPLACED, Policy.Status.ARCHIVED])
        .select_related("institution")
        .only("status", "review_due_date", "institution__name")
    )
    contracts = PartnershipContract.objects.filter(municipality=municipality).select_related(
        "institution"
    )
    agreements = NightlifeAgreement.objects.filter(municipality=municipality)
    obligations = Obligation.objects.filter(contract__municipality=municipality).filter(
        Q(pk__in=obligations_due_in(start, end).values("pk"))
        | Q(pk__in=obligations_overdue_at(day).values("pk"))
    )
    listed = list(
        obligations.select_related("contract__institution").order_by("due_date", "pk")[
            :DETAIL_OBLIGATIONS
        ]
    )
    return StatusDetails(
        activities_by_arena=_activity_groups(
            municipality=municipality, start=start, end=end, limit=DETAIL_GROUPS_PER_ARENA
        ),
        policies=policy_attention(policies, today=day, lead_days=municipality.review_lead_days),
        contracts_in_force=list(
            contracts.filter(pk__in=contracts_in_force(start, end).values("pk")).order_by(
                "institution__name", "pk"
            )
        ),
        undated=[
            *contracts.filter(pk__in=contracts_undated().values("pk")).order_by(
                "institution__name", "pk"
            ),
            *agreements.filter(pk__in=agreements_undated().values("pk")).order_by("name", "pk"),
        ],
        agreements_in_force=list(
            agreements.filter(pk__in=agreements_in_force(start, end).values("pk")).order_by(
                "name", "pk"
            )
        ),
        obligations=listed,
        obligations_not_listed=(
            obligations.count() - len(listed) if len(listed) == DETAIL_OBLIGATIONS else 0
        ),
    )
