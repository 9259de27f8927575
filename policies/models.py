"""Drug policies (rusmiddelpolitikker) of schools, clubs and associations.

A Policy is the institution's living document: it is drafted step by step,
sent to consultation (høring), adopted, reviewed and revised. Every adoption
freezes an immutable, numbered PolicyVersion; the public link and the PDF
show the newest adopted version, never the draft being worked on.
"""

from __future__ import annotations

import calendar
import copy
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel
from municipalities.access import scope_queryset
from municipalities.models import Institution, Municipality


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class TemplateKind(models.TextChoices):
    """The kinds of institution that have a policy template of their own."""

    PRIMARY_SCHOOL = "primary_school", _("Grundskole")
    YOUTH_EDUCATION = "youth_education", _("Ungdomsuddannelse")
    YOUTH_CLUB = "youth_club", _("Ungdomsklub")
    SPORTS_ASSOCIATION = "sports_association", _("Idrætsforening")
    NIGHTLIFE_VENUE = "nightlife_venue", _("Natteliv og restauration")


# Institutions without a template of their own start from the nearest kind.
TEMPLATE_KIND_BY_INSTITUTION_KIND = {
    Institution.Kind.PRIMARY_SCHOOL: TemplateKind.PRIMARY_SCHOOL,
    Institution.Kind.YOUTH_EDUCATION: TemplateKind.YOUTH_EDUCATION,
    Institution.Kind.YOUTH_CLUB: TemplateKind.YOUTH_CLUB,
    Institution.Kind.YOUTH_SCHOOL: TemplateKind.YOUTH_CLUB,
    Institution.Kind.SPORTS_ASSOCIATION: TemplateKind.SPORTS_ASSOCIATION,
    Institution.Kind.NIGHTLIFE_VENUE: TemplateKind.NIGHTLIFE_VENUE,
    Institution.Kind.HOUSING: TemplateKind.YOUTH_CLUB,
    Institution.Kind.OTHER: TemplateKind.PRIMARY_SCHOOL,
}


class PolicyTemplateQuerySet(models.QuerySet):
    def visible_to(self, user) -> PolicyTemplateQuerySet:
        """National templates for everyone signed in; municipal ones for their municipality."""
        from municipalities.access import membership_of

        if membership_of(user) is None:
            return self.none()
        return self.filter(municipality__isnull=True) | scope_queryset(
            self, user, institution_sees_municipality=True
        )

    def nearest(self, *, kind: str, municipality: Municipality | None) -> PolicyTemplate | None:
        """The municipality's own template for ``kind``, else the national one."""
        candidates = self.filter(kind=kind).filter(
            Q(municipality__isnull=True) | Q(municipality=municipality)
        )
        # Municipal adaptations (non-null) sort before the national template.
        return candidates.order_by(models.F("municipality").asc(nulls_last=True)).first()


class PolicyTemplate(VersionedModel):
    """Pre-filled section content for one kind of institution.

    National templates have no municipality; a municipality adapts one by
    copying it (``based_on``) and editing the copy.
    """

    kind = models.CharField(_("institutionstype"), max_length=30, choices=TemplateKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="policy_templates",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    introduction = models.TextField(_("introduktion"), blank=True)
    source = models.CharField(_("kilde"), max_length=500, blank=True)
    # {section_key: section data}: policies/content.py, the same shape as a policy's.
    content = models.JSONField(_("indhold"), default=dict, blank=True)
    # Which values are quoted, and from where: {"purpose.text": {"source_key": "aarhus",
    # "where": "s. 3"}} (policies/sources.py). Every other value is an example to adapt.
    sources = models.JSONField(_("kilder"), default=dict, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("bygger på"),
    )
    history = HistoricalRecords()

    objects = PolicyTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "municipality__name"]
        verbose_name = _("skabelon for rusmiddelpolitik")
        verbose_name_plural = _("skabeloner for rusmiddelpolitikker")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(municipality__isnull=True),
                name="policytemplate_one_national_per_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "municipality"], name="policytemplate_one_per_kind_and_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None


class PolicyQuerySet(models.QuerySet):
    def visible_to(self, user) -> PolicyQuerySet:
        """Institution roles: their own institution's policies; others: their municipality."""
        return scope_queryset(self, user, institution_lookup="institution")

    def adopted(self) -> PolicyQuerySet:
        """Policies with an adopted version in force (possibly under revision)."""
        return self.filter(review_due_date__isnull=False).exclude(
            status__in=[Policy.Status.REPLACED, Policy.Status.ARCHIVED]
        )

    def current(self) -> PolicyQuerySet:
        """Without the adoptions the booklet reports (historical records)."""
        return self.filter(is_historical=False)

    def due_within(self, days: int, *, today: date | None = None) -> PolicyQuerySet:
        """Adopted policies whose review falls due in the next ``days`` days (not yet overdue)."""
        today = today or timezone.localdate()
        return (
            self.current()
            .adopted()
            .filter(review_due_date__gte=today, review_due_date__lte=today + timedelta(days=days))
        )

    def overdue(self, *, today: date | None = None) -> PolicyQuerySet:
        """Adopted policies whose review date has passed (historical records never are)."""
        today = today or timezone.localdate()
        return self.current().adopted().filter(review_due_date__lt=today)

    def for_list(self) -> PolicyQuerySet:
        # A list row shows no section: leave the content (several kB per policy) unread.
        return self.select_related("institution", "municipality", "responsible").defer("content")


class Policy(VersionedModel):
    # An institution's leader and editors work on their own institution's policy.
    INSTITUTION_MAY_CHANGE = True

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        CONSULTATION = "consultation", _("I høring")
        ADOPTED = "adopted", _("Vedtaget")
        REPLACED = "replaced", _("Erstattet")
        ARCHIVED = "archived", _("Arkiveret")

    # Only these statuses may be edited through the guided form.
    EDITABLE_STATUSES = (Status.DRAFT, Status.CONSULTATION)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="policies", verbose_name=_("kommune")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name=_("institution"),
    )
    title = models.CharField(_("titel"), max_length=200)
    template = models.ForeignKey(
        PolicyTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policies",
        verbose_name=_("skabelon"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    current_step = models.CharField(_("aktuelt trin"), max_length=30, default="purpose")

    # {section_key: section data}: the sections declared in policies/content.py, in the
    # same shape as a template's and an adopted version's content.
    content = models.JSONField(_("indhold"), default=dict, blank=True)

    # The person the evaluation section names: a relation, because reminders follow it.
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_policies",
        verbose_name=_("ansvarlig for revision"),
    )

    adopted_at = models.DateTimeField(_("vedtaget"), null=True, blank=True, editable=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Set on adoption: adoption date + review interval. Stored for indexable reminder queries.
    review_due_date = models.DateField(_("næste revision"), null=True, blank=True, editable=False)
    # Incremented on every adoption, so a reminder can be claimed once per cycle.
    review_cycle = models.PositiveIntegerField(default=0, editable=False)

    # A policy the booklet reports as adopted: true of the project period only; it
    # never triggers a review reminder or an escalation today.
    is_historical = models.BooleanField(_("historisk registrering"), default=False, editable=False)
    source_note = models.CharField(_("kilde"), max_length=500, blank=True, editable=False)
    seed_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name", "-created_at"]
        verbose_name = _("rusmiddelpolitik")
        verbose_name_plural = _("rusmiddelpolitikker")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["review_due_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="policy_review_interval_1_to_60",
                condition=Q(content__evaluation__review_interval_months__gte=1)
                & Q(content__evaluation__review_interval_months__lte=60),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def review_interval_months(self) -> int:
        """Months between reviews, as the evaluation section says (12 until it says)."""
        return (self.content.get("evaluation") or {}).get("review_interval_months") or 12

    @review_interval_months.setter
    def review_interval_months(self, months: int) -> None:
        self.content = {
            **self.content,
            "evaluation": {
                **(self.content.get("evaluation") or {}),
                "review_interval_months": months,
            },
        }

    def snapshot(self) -> dict:
        """The content as an adopted version freezes it: the evaluation names the
        responsible person as they are called now."""
        content = copy.deepcopy(self.content)
        responsible = self.responsible
        content["evaluation"] = {
            **content.get("evaluation", {}),
            "responsible": (responsible.get_full_name() or responsible.username)
            if responsible
            else "",
        }
        return content

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def next_review_date(self) -> date | None:
        """The adoption date plus the review interval; None before the first adoption."""
        if self.adopted_at is None:
            return None
        return add_months(timezone.localdate(self.adopted_at), self.review_interval_months)

    def is_due_for_review(self, *, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            not self.is_historical
            and self.review_due_date is not None
            and self.status not in (self.Status.REPLACED, self.Status.ARCHIVED)
            and self.review_due_date <= today
        )

    @property
    def lifecycle_label(self) -> str:
        """The status as people speak of it: an adopted policy past its date is 'due for review'."""
        if self.status == self.Status.ADOPTED and self.is_due_for_review():
            return str(_("Skal revideres"))
        if self.status in self.EDITABLE_STATUSES and self.review_due_date is not None:
            return str(_("Under revision (%(status)s)") % {"status": self.get_status_display()})
        return self.get_status_display()


class PolicyVersion(models.Model):
    """An immutable snapshot of a policy, frozen when it is adopted."""

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="versions", verbose_name=_("politik")
    )
    number = models.PositiveIntegerField(_("versionsnummer"))
    # The title and the institution's name as they were on adoption.
    title = models.CharField(_("titel"), max_length=200, default="")
    institution_name = models.CharField(_("institution"), max_length=200, default="")
    content = models.JSONField(_("indhold"))
    adopted_at = models.DateTimeField(_("vedtaget"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vedtaget af"),
    )
    review_due_date = models.DateField(_("næste revision"))

    class Meta:
        ordering = ["policy", "-number"]
        verbose_name = _("vedtaget version")
        verbose_name_plural = _("vedtagne versioner")
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policyversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        # A frozen version is a record of what was adopted: it is never rewritten.
        if not self._state.adding:
            raise ValidationError(_("En vedtaget version kan ikke ændres."))
        super().save(*args, **kwargs)


class PublicLinkQuerySet(models.QuerySet):
    def active(self) -> PublicLinkQuerySet:
        return self.filter(revoked_at__isnull=True)


class PublicLink(models.Model):
    """An unguessable, revocable address at which anyone can read the adopted policy."""

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="public_links", verbose_name=_("politik")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = PublicLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offentligt link")
        verbose_name_plural = _("offentlige links")

    def __str__(self) -> str:
        return f"{self.policy} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LivingPolicyEvent(models.Model):
    """Something that keeps the policy alive, filed against the guide's eight questions.

    Never about a named young person: the description says what was done, not to whom.
    """

    class Kind(models.TextChoices):
        MANAGEMENT = "management", _("Ledelsen har drøftet eller bakket op om politikken")
        INFORMED = "informed", _("Politikken er formidlet til alle parter")
        NEW_STUDENTS = "new_students", _("Nye elever/unge er præsenteret for politikken")
        NEW_PARENTS = "new_parents", _("Nye forældre er præsenteret for politikken")
        NEW_STAFF = "new_staff", _("Nye medarbejdere er præsenteret for politikken")
        YEAR_PLAN = "year_plan", _("Politikken indgår i årsplan eller årligt arrangement")
        DIALOGUE = "dialogue", _("Dialog om holdninger til rusmidler")
        TEACHING = "teaching", _("Forebyggende undervisning gennemført")
        STAFF_TRAINING = "staff_training", _("Medarbejdere er klædt på til at handle")
        CONCRETE_CASE = "concrete_case", _("Politikken er brugt i en konkret sag")

    # Which of the guide's eight questions each kind of event answers.
    QUESTION_BY_KIND = {
        Kind.MANAGEMENT: 1,
        Kind.INFORMED: 2,
        Kind.NEW_STUDENTS: 3,
        Kind.NEW_PARENTS: 3,
        Kind.NEW_STAFF: 3,
        Kind.YEAR_PLAN: 4,
        Kind.DIALOGUE: 5,
        Kind.TEACHING: 6,
        Kind.STAFF_TRAINING: 7,
        Kind.CONCRETE_CASE: 8,
    }

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="events", verbose_name=_("politik")
    )
    kind = models.CharField(_("hvad skete der"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("dato"))
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        max_length=1000,
        help_text=_("Skriv hvad der blev gjort – ingen navne eller oplysninger om enkelte unge."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("hændelse i den levende politik")
        verbose_name_plural = _("hændelser i den levende politik")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"

    @property
    def question(self) -> int:
        return self.QUESTION_BY_KIND[self.kind]
