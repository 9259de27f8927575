"""The ground floor: municipalities, institutions, who belongs where, and the
reference data (arenas, principles, target groups, programmes) that every
domain app refers to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Municipality(models.Model):
    slug = models.SlugField(_("kort navn"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=120, unique=True)
    # Two model municipalities were merged in the 2007 reform (Nakskov → Lolland,
    # Aars → Vesthimmerland): keep the name used in the project too.
    historical_name = models.CharField(_("historisk navn"), max_length=120, blank=True)
    is_model_municipality = models.BooleanField(_("modelkommune"), default=False)
    review_lead_days = models.PositiveSmallIntegerField(
        _("påmindelse dage før revision"),
        default=30,
        help_text=_("Hvor mange dage før en politik skal revideres, de ansvarlige får besked."),
    )
    review_grace_days = models.PositiveSmallIntegerField(
        _("dage før styregruppen får besked"),
        default=30,
        help_text=_(
            "Hvor mange dage en revision må være overskredet, før styregruppen får besked."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        if self.historical_name:
            return f"{self.name} ({self.historical_name})"
        return self.name


class Arena(models.Model):
    """An indsatsområde. The six codes are fixed; names and texts are data."""

    SCHOOL = "school"
    YOUTH_EDUCATION = "youth_education"
    LEISURE = "leisure"
    NIGHTLIFE = "nightlife"
    HOUSING = "housing"
    CROSS_CUTTING = "cross_cutting"

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"), blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("indsatsområde")
        verbose_name_plural = _("indsatsområder")

    def __str__(self) -> str:
        return self.name


class Principle(models.Model):
    """One of Sundhedsstyrelsen's six effective principles (2005)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    explanation = models.TextField(_("forklaring"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("effektivt princip")
        verbose_name_plural = _("effektive principper")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class TargetGroup(models.Model):
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A named programme or material (Tackling, Hash-samtalen, DRUGWISE …)."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program eller materiale")
        verbose_name_plural = _("programmer og materialer")

    def __str__(self) -> str:
        return self.name


class InstitutionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InstitutionQuerySet:
        from municipalities.access import scope_queryset

        return scope_queryset(self, user, institution_lookup="pk")


class Institution(models.Model):
    class Kind(models.TextChoices):
        PRIMARY_SCHOOL = "primary_school", _("Grundskole")
        YOUTH_EDUCATION = "youth_education", _("Ungdomsuddannelse")
        YOUTH_CLUB = "youth_club", _("Ungdomsklub")
        YOUTH_SCHOOL = "youth_school", _("Ungdomsskole")
        SPORTS_ASSOCIATION = "sports_association", _("Idrætsforening")
        NIGHTLIFE_VENUE = "nightlife_venue", _("Natteliv og restauration")
        HOUSING = "housing", _("Boligområde eller kollegium")
        OTHER = "other", _("Andet")

    # Which arena each kind of institution works in.
    ARENA_BY_KIND = {
        Kind.PRIMARY_SCHOOL: Arena.SCHOOL,
        Kind.YOUTH_EDUCATION: Arena.YOUTH_EDUCATION,
        Kind.YOUTH_CLUB: Arena.LEISURE,
        Kind.YOUTH_SCHOOL: Arena.LEISURE,
        Kind.SPORTS_ASSOCIATION: Arena.LEISURE,
        Kind.NIGHTLIFE_VENUE: Arena.NIGHTLIFE,
        Kind.HOUSING: Arena.HOUSING,
        Kind.OTHER: Arena.CROSS_CUTTING,
    }

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    history = HistoricalRecords()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutioner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="institution_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def arena_code(self) -> str:
        return self.ARENA_BY_KIND[self.kind]


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    COORDINATOR = "coordinator", _("SSP-koordinator")
    INSTITUTION_LEADER = "institution_leader", _("Institutionsleder")
    INSTITUTION_EDITOR = "institution_editor", _("Institutionsredaktør")
    STEERING_MEMBER = "steering_member", _("Medlem af SSP-styregruppen")


class Membership(models.Model):
    """Where a user belongs and in which role. One per user: the role decides
    everything the user may see and change (see municipalities/access.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("bruger"),
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("kommune"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    language = models.CharField(
        _("sprog"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                name="membership_national_has_no_municipality",
                condition=(
                    models.Q(role="national_admin", municipality__isnull=True)
                    | (~models.Q(role="national_admin") & models.Q(municipality__isnull=False))
                ),
            ),
            models.CheckConstraint(
                name="membership_institution_roles_have_institution",
                condition=(
                    models.Q(
                        role__in=["institution_leader", "institution_editor"],
                        institution__isnull=False,
                    )
                    | (
                        ~models.Q(role__in=["institution_leader", "institution_editor"])
                        & models.Q(institution__isnull=True)
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
