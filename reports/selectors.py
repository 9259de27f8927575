"""Status figures for steering groups: one municipality or the whole country.

Everything is aggregated in SQL, and the number of queries depends on the
period (at most one query for the quarters) and never on how many activities,
policies or contracts there are. ``status_summary`` feeds both the dashboard
and the PDF; ``status_details`` adds the lean listings only the PDF prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, overlapping
from municipalities.models import (
    Arena,
    Institution,
    Municipality,
    Principle,
    Programme,
    TargetGroup,
)
from partnerships.models import NightlifeAgreement, Obligation, PartnershipContract
from policies.models import Policy

# A period longer than this would make the quarter query very wide; the form refuses it.
MAX_QUARTERS = 48


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
class CoverageRow:
    label: str
    cells: list[int]


@dataclass(frozen=True)
class CoverageMatrix:
    """Activities per arena (rows) and column (institution kind or municipality);
    a zero cell is a gap."""

    row_heading: str
    columns: list[str]
    rows: list[CoverageRow]

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell == 0)


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
    """Institutions with an adopted policy whose review is not overdue ("valid")."""

    institutions: int
    with_valid_policy: int
    adopted_policies: int
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
    active_contracts: int
    contracts: int
    active_agreements: int
    open_obligations: int
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
    active_contracts: int
    overdue_obligations: int

    @property
    def share(self) -> float | None:
        return self.with_valid_policy / self.institutions * 100 if self.institutions else None


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
    arenas: list[Row]
    target_groups: list[Row]
    programmes: list[Row]
    principles: list[PrincipleRow]
    quarters: list[QuarterRow]
    coverage: CoverageMatrix
    policies: PolicyStats
    partnerships: PartnershipStats
    municipalities: list[MunicipalityRow] = field(default_factory=list)

    @property
    def is_national(self) -> bool:
        return self.municipality is None

    @property
    def principles_covered(self) -> int:
        return sum(1 for p in self.principles if p.covered)

    @property
    def arenas_covered(self) -> int:
        return sum(1 for a in self.arenas if a.activities)

    @property
    def arena_gaps(self) -> list[str]:
        return [a.label for a in self.arenas if not a.activities]

    @property
    def principle_gaps(self) -> list[str]:
        return [f"{p.number}. {p.name}" for p in self.principles if not p.covered]


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


def _totals_and_quarters(activities: QuerySet, start: date, end: date):
    """One query: totals plus, per quarter, activities running and started."""
    quarters = quarters_between(start, end)
    aggregates = {
        "total_n": Count("id"),
        "total_participants": Sum("participants"),
        "total_with_participants": Count("id", filter=Q(participants__isnull=False)),
        "total_events": Sum("events"),
    }
    for i, (q_start, q_end) in enumerate(quarters):
        aggregates[f"run_{i}"] = Count("id", filter=overlapping(q_start, q_end))
        aggregates[f"start_{i}"] = Count(
            "id", filter=Q(start_date__gte=q_start, start_date__lte=q_end)
        )
    values = activities.aggregate(**aggregates)
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


def _municipality_figures(municipality: Municipality | None, today: date) -> list[dict]:
    """One query: per municipality (one or all), its institutions with a valid
    policy, policies adopted and overdue, contracts, obligations and agreements."""
    adopted = Policy.objects.adopted()
    valid_policy = adopted.filter(institution=OuterRef("pk"), review_due_date__gte=today)
    institutions = Institution.objects.annotate(has_valid=Exists(valid_policy))
    open_obligations = Obligation.objects.open()
    counts = {
        "institutions": _count(Institution.objects.all(), "municipality"),
        "with_valid_policy": _count(institutions.filter(has_valid=True), "municipality"),
        "adopted_policies": _count(adopted, "municipality"),
        "overdue_reviews": _count(adopted.filter(review_due_date__lt=today), "municipality"),
        "contracts": _count(PartnershipContract.objects.all(), "municipality"),
        "active_contracts": _count(
            PartnershipContract.objects.filter(status__in=ACTIVE_CONTRACT_STATUSES), "municipality"
        ),
        "open_obligations": _count(open_obligations, "contract__municipality"),
        "overdue_obligations": _count(
            open_obligations.filter(due_date__lt=today), "contract__municipality"
        ),
        "active_agreements": _count(
            NightlifeAgreement.objects.filter(status=NightlifeAgreement.Status.ACTIVE),
            "municipality",
        ),
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


def _policy_stats(
    municipality: Municipality | None, today: date, figures: list[dict]
) -> PolicyStats:
    """One query: institutions per kind, with and without a valid policy."""
    valid = Policy.objects.adopted().filter(institution=OuterRef("pk"), review_due_date__gte=today)
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
        adopted_policies=sum(f["adopted_policies"] for f in figures),
        overdue_reviews=sum(f["overdue_reviews"] for f in figures),
        schools=school.get("total", 0),
        schools_with_valid_policy=school.get("with_valid", 0),
        by_kind=by_kind,
    )


def _partnership_stats(figures: list[dict]) -> PartnershipStats:
    return PartnershipStats(
        **{
            name: sum(f[name] for f in figures)
            for name in (
                "active_contracts",
                "contracts",
                "active_agreements",
                "open_obligations",
                "overdue_obligations",
            )
        }
    )


# A signed contract is in force even before its work has started.
ACTIVE_CONTRACT_STATUSES = [
    PartnershipContract.Status.SIGNED,
    PartnershipContract.Status.ACTIVE,
]


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


def _local_coverage(activities: QuerySet, arenas: list[Row]) -> CoverageMatrix:
    """One query: activities per arena and kind of institution involved."""
    counts: dict[tuple[str, str | None], int] = {}
    for row in (
        activities.values("arena__code", "institutions__kind")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    ):
        counts[(row["arena__code"], row["institutions__kind"])] = row["n"]
    kinds = [kind for kind, _label in Institution.Kind.choices] + [None]
    return CoverageMatrix(
        row_heading=_("Indsatsområde"),
        columns=[str(label) for _kind, label in Institution.Kind.choices]
        + [_("Ingen bestemt institution")],
        rows=[
            CoverageRow(label=arena.label, cells=[counts.get((arena.key, k), 0) for k in kinds])
            for arena in arenas
        ],
    )


def _national_comparison(
    activities: QuerySet, arenas: list[Row], figures: list[dict]
) -> tuple[CoverageMatrix, list[MunicipalityRow]]:
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
    rows, matrix_rows = [], []
    for f in figures:
        name = f"{f['name']} ({f['historical_name']})" if f["historical_name"] else f["name"]
        cells = [per_arena.get((f["pk"], arena.key), 0) for arena in arenas]
        matrix_rows.append(CoverageRow(label=name, cells=cells))
        rows.append(
            MunicipalityRow(
                slug=f["slug"],
                name=name,
                activities=sum(cells),
                participants=participants.get(f["pk"], 0),
                arenas_covered=sum(1 for cell in cells if cell),
                institutions=f["institutions"],
                with_valid_policy=f["with_valid_policy"],
                overdue_reviews=f["overdue_reviews"],
                active_contracts=f["active_contracts"],
                overdue_obligations=f["overdue_obligations"],
            )
        )
    matrix = CoverageMatrix(
        row_heading=_("Kommune"), columns=[arena.label for arena in arenas], rows=matrix_rows
    )
    return matrix, rows


# --- the services -------------------------------------------------------------------


def status_summary(
    *,
    municipality: Municipality | None,
    start: date,
    end: date,
    today: date | None = None,
) -> StatusSummary:
    """The status figures of ``municipality`` (None: the whole country) for the
    period [start, end].

    Five queries, whatever the data size: (1) totals and quarters; (2) arenas,
    target groups, programmes and principles with their activities (one UNION);
    (3) the coverage matrix (by institution kind locally, by municipality
    nationally); (4) per municipality: policies, contracts, obligations,
    agreements; (5) institutions per kind with a valid policy.
    """
    today = today or timezone.localdate()
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
    figures = _municipality_figures(municipality, today)
    municipality_rows: list[MunicipalityRow] = []
    if municipality is None:
        coverage, municipality_rows = _national_comparison(activities, arenas, figures)
    else:
        coverage = _local_coverage(activities, arenas)
    return StatusSummary(
        municipality=municipality,
        start=start,
        end=end,
        today=today,
        activities=totals["total_n"],
        participants=totals["total_participants"] or 0,
        activities_with_participants=totals["total_with_participants"],
        events=totals["total_events"] or 0,
        arenas=arenas,
        target_groups=target_groups,
        programmes=programmes,
        principles=principles,
        quarters=quarters,
        coverage=coverage,
        policies=_policy_stats(municipality, today, figures),
        partnerships=_partnership_stats(figures),
        municipalities=municipality_rows,
    )


# The PDF is a steering-group document, not an export (the CSV export lists every
# activity): each arena shows its largest groups of identical activities.
DETAIL_GROUPS_PER_ARENA = 40


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
DETAIL_POLICIES = 60


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
    """The lean listings a municipality's PDF prints besides the summary."""

    activities_by_arena: list[ArenaActivities]
    policies: PolicyAttention
    contracts: list[PartnershipContract]
    obligations: list[Obligation]


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


def status_details(*, municipality: Municipality, start: date, end: date) -> StatusDetails:
    """Listings for one municipality's report. Queries: activity groups; target-group
    names of groups without free text; policies with institutions; contracts with
    institutions; open obligations with contracts — 5, whatever the data size."""
    policies = list(
        Policy.objects.filter(institution__municipality=municipality)
        .exclude(status__in=[Policy.Status.REPLACED, Policy.Status.ARCHIVED])
        .select_related("institution")
        .only("status", "review_due_date", "institution__name")
    )
    contracts = list(
        PartnershipContract.objects.filter(municipality=municipality)
        .select_related("institution")
        .order_by("institution__name")
    )
    obligations = list(
        Obligation.objects.open()
        .filter(contract__municipality=municipality)
        .select_related("contract__institution")
        .order_by("due_date")
    )
    return StatusDetails(
        activities_by_arena=_activity_groups(
            municipality=municipality, start=start, end=end, limit=DETAIL_GROUPS_PER_ARENA
        ),
        policies=policy_attention(
            policies, today=timezone.localdate(), lead_days=municipality.review_lead_days
        ),
        contracts=contracts,
        obligations=obligations,
    )
