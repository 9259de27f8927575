from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel
from municipalities.access import scope_queryset
from municipalities.models import (
    Arena,
    Institution,
    Municipality,
    Principle,
    Programme,
    TargetGroup,
)

# The national project ran from autumn 2004 to April 2007.
PROJECT_START = date(2004, 9, 1)
PROJECT_END = date(2007, 4, 30)
BOOKLET_SOURCE = (
    "Sundhedsstyrelsen: Rusmiddelforebyggelse i praksis – erfaringer fra projekt "
    "Narkoen ud af byen 2004–2007. Tabellen „Indsatsområder og aktiviteter“."
)


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActivityQuerySet:
        # Institution staff read the activities that involve their institution.
        return scope_queryset(self, user, institution_lookup="institutions")

    def current(self) -> ActivityQuerySet:
        """Without the historical records shipped from the booklet."""
        return self.filter(is_historical=False)

    def in_period(self, start: date | None, end: date | None) -> ActivityQuerySet:
        """Activities that overlap the period [start, end] (either bound optional)."""
        return self.filter(overlapping(start, end))


def overlapping(start: date | None, end: date | None) -> Q:
    """The condition "the activity overlaps [start, end]" (either bound optional), also
    for conditional aggregates. An activity without an end date is the day it starts."""
    condition = Q()
    if start:
        condition &= Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)
    if end:
        condition &= Q(start_date__lte=end)
    return condition


class Activity(VersionedModel):
    DELETED_MESSAGE = _("Aktiviteten er slettet af %(user)s, mens du redigerede.")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ONGOING = "ongoing", _("I gang")
        COMPLETED = "completed", _("Gennemført")
        CANCELLED = "cancelled", _("Aflyst")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="activities", verbose_name=_("kommune")
    )
    arena = models.ForeignKey(
        Arena, on_delete=models.PROTECT, related_name="activities", verbose_name=_("indsatsområde")
    )
    # The booklet's own heading where it is not one of the five arenas
    # (e.g. "Ung-til-ung"); such rows are filed under the cross-cutting arena.
    source_section = models.CharField(_("oprindelig overskrift"), max_length=200, blank=True)
    title = models.CharField(_("aktivitet"), max_length=500)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=5000)
    target_group_text = models.CharField(_("målgruppe (fritekst)"), max_length=500, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="activities", verbose_name=_("målgrupper")
    )
    grade_from = models.PositiveSmallIntegerField(_("fra klassetrin"), null=True, blank=True)
    grade_to = models.PositiveSmallIntegerField(_("til klassetrin"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("antal deltagere"), null=True, blank=True)
    events = models.PositiveIntegerField(_("antal arrangementer/forløb"), null=True, blank=True)
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="activities", verbose_name=_("programmer og materialer")
    )
    institutions = models.ManyToManyField(
        Institution, blank=True, related_name="activities", verbose_name=_("institutioner")
    )
    principles = models.ManyToManyField(
        Principle, blank=True, related_name="activities", verbose_name=_("effektive principper")
    )
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("slutdato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    source_note = models.CharField(_("kilde"), max_length=500, blank=True)
    # A row shipped from the booklet records what happened in its period: it is
    # shown and counted for that period only and never asks anyone to act today.
    is_historical = models.BooleanField(_("historisk registrering"), default=False, editable=False)
    # Stable key of a seeded row ("<slug>-<n>"), so re-seeding changes nothing.
    seed_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    history = HistoricalRecords(m2m_fields=[target_groups, programmes, institutions, principles])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [
            models.Index(fields=["municipality", "start_date"]),
            # The list filtered by arena and status is counted from this index alone.
            models.Index(fields=["municipality", "arena", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="activity_end_not_before_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
            models.CheckConstraint(
                name="activity_grades_in_range",
                condition=(Q(grade_from__isnull=True) | Q(grade_from__lte=10))
                & (Q(grade_to__isnull=True) | Q(grade_to__lte=10))
                & (
                    Q(grade_from__isnull=True)
                    | Q(grade_to__isnull=True)
                    | Q(grade_from__lte=models.F("grade_to"))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ImportJob(models.Model):
    """A CSV import waiting for, or going through, validation and saving. The
    pending rows live here, not in the session; a worker validates and saves
    big files (activities.tasks), the job page shows the progress."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Kontrolleres")
        CHECKED = "checked", _("Kontrolleret")
        SAVING = "saving", _("Gemmes")
        DONE = "done", _("Gemt")
        FAILED = "failed", _("Fejlet")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activity_imports",
        verbose_name=_("indlæst af"),
    )
    filename = models.CharField(_("filnavn"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    # The rows as read from the file ({column key: text}); emptied once saved.
    rows = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    checked_count = models.PositiveIntegerField(default=0)
    # [[row number, [message, ...]], ...] of the rows with errors.
    errors = models.JSONField(default=list, blank=True)
    saved_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.SAVING)

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def may_save(self) -> bool:
        return self.status == self.Status.CHECKED and not self.errors and self.row_count > 0

    @property
    def percent(self) -> int:
        if self.status == self.Status.SAVING:
            return 100 * self.saved_count // max(self.row_count, 1)
        return 100 * self.checked_count // max(self.row_count, 1)
