"""Partnership contracts between a municipality and an institution (the Hillerød
"Drug Stop 3400" model) and nightlife cooperation agreements (Slagelse's
licensing association, Randers' restaurant agreement, Svendborg's "Tryg i natten")."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Activity
from core.models import VersionedModel
from municipalities.access import scope_queryset
from municipalities.models import Institution, Municipality, Programme


class Party(models.TextChoices):
    INSTITUTION = "institution", _("Institutionen")
    MUNICIPALITY = "municipality", _("Kommunen")


class PartnershipContractQuerySet(models.QuerySet):
    def visible_to(self, user) -> PartnershipContractQuerySet:
        # Institution staff see their own institution's contracts only.
        return scope_queryset(self, user, institution_lookup="institution")

    def current(self) -> PartnershipContractQuerySet:
        """Without the historical contracts shipped from the booklet."""
        return self.filter(is_historical=False)

    def for_list(self) -> PartnershipContractQuerySet:
        """Everything a list row shows, in one query."""
        return self.select_related("municipality", "institution").annotate(
            open_obligation_count=models.Count(
                "obligations", filter=Q(obligations__status="open"), distinct=True
            ),
            signatory_count=models.Count("signatories", distinct=True),
        )


class PartnershipContract(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SIGNED = "signed", _("Underskrevet")
        ACTIVE = "active", _("Aktiv")
        COMPLETED = "completed", _("Gennemført")
        ENDED_EARLY = "ended_early", _("Afbrudt før tid")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="partnership_contracts",
        verbose_name=_("kommune"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="partnership_contracts",
        verbose_name=_("institution"),
    )
    title = models.CharField(_("titel"), max_length=200)
    municipal_party = models.CharField(
        _("kommunens part"),
        max_length=200,
        help_text=_("Fx kommunens projekt eller SSP-organisation, som Drug Stop 3400 i Hillerød."),
    )
    # The four elements the institution's drug-policy work must describe.
    local_values_and_goals = models.TextField(
        _("1. Lokale værdier og mål"),
        blank=True,
        max_length=10000,
        help_text=_("Lokale værdier og mål for skolen eller institutionen."),
    )
    guidelines_and_help = models.TextField(
        _("2. Retningslinjer, konsekvenser og bistand"),
        blank=True,
        max_length=10000,
        help_text=_("Retningslinjer og konsekvenser for samt bistand til den unge."),
    )
    organisation = models.TextField(
        _("3. Organisering"),
        blank=True,
        max_length=10000,
        help_text=_(
            "Hvordan rusmiddelpolitikken skrives ind i institutionens egne styringspapirer, "
            "fx ordensreglement og virksomhedsplan."
        ),
    )
    key_person_training = models.TextField(
        _("4. Uddannelse af nøglepersoner"),
        blank=True,
        max_length=10000,
        help_text=_("Hvem der uddannes, i hvad og hvornår."),
    )
    institution_contribution = models.TextField(
        _("institutionens indsats"),
        blank=True,
        max_length=5000,
        help_text=_("Den tid og de personaleressourcer, institutionen bruger på forløbet."),
    )
    municipality_contribution = models.TextField(
        _("kommunens bidrag"),
        blank=True,
        max_length=5000,
        help_text=_("De ressourcer, kommunen bidrager med efter behov og ambitioner."),
    )
    commits_no_exclusion = models.BooleanField(
        _("politikken har ikke eksklusion som mål"),
        default=False,
        help_text=_(
            "Rusmiddelpolitikken indeholder regler og konsekvenser, men må ikke have som mål "
            "at føre til eksklusion."
        ),
    )
    commits_treatment_offer = models.BooleanField(
        _("politikken siger, hvordan der tilbydes behandling"),
        default=False,
        help_text=_("Der er taget stilling til, hvordan man tilbyder behandling, hvor det kræves."),
    )
    treatment_offer = models.TextField(_("sådan tilbydes behandling"), blank=True, max_length=5000)
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("slutdato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("underskrevet den"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("afsluttet den"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("begrundelse for afslutning"), blank=True, editable=False)
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="partnership_contracts",
        verbose_name=_("aktiviteter under kontrakten"),
    )
    source_note = models.CharField(_("kilde"), max_length=500, blank=True)
    # Shipped from the booklet: true of its period (start_date–end_date) only; it never
    # triggers a reminder or an escalation today.
    is_historical = models.BooleanField(_("historisk registrering"), default=False, editable=False)
    seed_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    history = HistoricalRecords(m2m_fields=[activities])

    objects = PartnershipContractQuerySet.as_manager()

    # The four elements, in order, as (field name) — the form, the detail page
    # and the PDF all show them the same way.
    ELEMENT_FIELDS = (
        "local_values_and_goals",
        "guidelines_and_help",
        "organisation",
        "key_person_training",
    )

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("partnerskabskontrakt")
        verbose_name_plural = _("partnerskabskontrakter")
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(
                name="contract_end_not_before_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def elements(self) -> list[dict]:
        """The four elements as label/help/text rows."""
        rows = []
        for name in self.ELEMENT_FIELDS:
            field = self._meta.get_field(name)
            rows.append(
                {
                    "name": name,
                    "label": field.verbose_name,
                    "help": field.help_text,
                    "text": getattr(self, name),
                }
            )
        return rows


class SignatoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> SignatoryQuerySet:
        return scope_queryset(
            self,
            user,
            municipality_lookup="contract__municipality",
            institution_lookup="contract__institution",
        )


class Signatory(models.Model):
    """A professional who signs the contract for one of the parties."""

    contract = models.ForeignKey(
        PartnershipContract,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("kontrakt"),
    )
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(
        _("stilling"), max_length=200, help_text=_("Fx skoleleder eller SSP-konsulent.")
    )
    signed_on = models.DateField(_("dato"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["party", "name"]
        verbose_name = _("underskriver")
        verbose_name_plural = _("underskrivere")

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class ObligationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ObligationQuerySet:
        return scope_queryset(
            self,
            user,
            municipality_lookup="contract__municipality",
            institution_lookup="contract__institution",
        )

    def open(self) -> ObligationQuerySet:
        """Obligations not yet done or cancelled (the reminders rely on this name)."""
        return self.filter(status=Obligation.Status.OPEN)

    def due_soon(self, days: int = 14, *, today: date | None = None) -> ObligationQuerySet:
        """Open obligations due within the next ``days`` days (today included)."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))

    def overdue(self, *, today: date | None = None) -> ObligationQuerySet:
        """Open obligations whose due date has passed."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def current(self) -> ObligationQuerySet:
        """Without the obligations of historical contracts (they remind nobody)."""
        return self.filter(contract__is_historical=False)

    def with_contract(self) -> ObligationQuerySet:
        return self.select_related("contract", "contract__institution", "contract__municipality")


class Obligation(VersionedModel):
    """Something one party has promised to do under a contract."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")
        CANCELLED = "cancelled", _("Annulleret")

    contract = models.ForeignKey(
        PartnershipContract,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("kontrakt"),
    )
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    description = models.TextField(_("forpligtelse"), max_length=2000)
    owner_name = models.CharField(
        _("ansvarlig"),
        max_length=200,
        blank=True,
        help_text=_("Navnet på den ansvarlige fagperson."),
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("afsluttet den"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("forpligtelse")
        verbose_name_plural = _("forpligtelser")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class NightlifeAgreementQuerySet(models.QuerySet):
    def visible_to(self, user) -> NightlifeAgreementQuerySet:
        # Municipality-level: institution roles see none (institution_lookup=None).
        return scope_queryset(self, user)

    def current(self) -> NightlifeAgreementQuerySet:
        """Without the historical agreements shipped from the booklet."""
        return self.filter(is_historical=False)

    def for_list(self) -> NightlifeAgreementQuerySet:
        return self.select_related("municipality").annotate(
            member_count=models.Count("members", distinct=True)
        )


class NightlifeAgreement(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Under forberedelse")
        ACTIVE = "active", _("Gældende")
        ENDED = "ended", _("Ophørt")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="nightlife_agreements",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=5000)
    shared_rules = models.TextField(
        _("fælles regler"),
        blank=True,
        max_length=5000,
        help_text=_("Én regel pr. linje, fx „Nej til stoffer“."),
    )
    quarantine_months = models.PositiveSmallIntegerField(
        _("karantæne i måneder"), null=True, blank=True
    )
    quarantine_text = models.TextField(
        _("karantæneregler"),
        blank=True,
        max_length=2000,
        help_text=_("Hvem får karantæne for hvad, og fra hvilke steder."),
    )
    staff_training = models.TextField(_("uddannelse af personale"), blank=True, max_length=5000)
    training_programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nightlife_agreements",
        verbose_name=_("uddannelsesprogram"),
        help_text=_("Fx DRUGWISE."),
    )
    campaign_material = models.TextField(_("kampagnemateriale"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("slutdato"), null=True, blank=True)
    source_note = models.CharField(_("kilde"), max_length=500, blank=True)
    # Shipped from the booklet: true of its period (start_date–end_date) only; it never
    # triggers a reminder or an escalation today.
    is_historical = models.BooleanField(_("historisk registrering"), default=False, editable=False)
    seed_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    history = HistoricalRecords()

    objects = NightlifeAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("nattelivsaftale")
        verbose_name_plural = _("nattelivsaftaler")
        constraints = [
            models.CheckConstraint(
                name="agreement_end_not_before_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def rule_list(self) -> list[str]:
        return [line.strip(" -•§\t") for line in self.shared_rules.splitlines() if line.strip()]


class AgreementMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgreementMemberQuerySet:
        return scope_queryset(self, user, municipality_lookup="agreement__municipality")


class AgreementMember(models.Model):
    class Kind(models.TextChoices):
        VENUE = "venue", _("Restaurant eller diskotek")
        POLICE = "police", _("Politi")
        MUNICIPALITY = "municipality", _("Kommune")
        OTHER = "other", _("Andet")

    agreement = models.ForeignKey(
        NightlifeAgreement,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("aftale"),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    objects = AgreementMemberQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("medlem af aftalen")
        verbose_name_plural = _("medlemmer af aftalen")

    def __str__(self) -> str:
        return self.name
