"""The filters of the activity list; the CSV export uses the same ones."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.widgets import FastSelect
from municipalities.access import is_national, membership_of, municipalities_visible_to
from municipalities.models import Arena, Institution, Principle, Programme, TargetGroup

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg"),
        method="filter_text",
        help_text=_("Søger i aktivitet, målgruppe og beskrivelse."),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=None, empty_label=_("Alle kommuner"), widget=FastSelect
    )
    arena = django_filters.ModelChoiceFilter(
        label=_("Indsatsområde"),
        queryset=Arena.objects.all(),
        empty_label=_("Alle"),
        widget=FastSelect,
    )
    period_from = django_filters.DateFilter(
        label=_("Periode fra"), method="filter_period_from", widget=DATE_INPUT
    )
    period_to = django_filters.DateFilter(
        label=_("Periode til"), method="filter_period_to", widget=DATE_INPUT
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("Alle"), widget=FastSelect
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Målgruppe"),
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        empty_label=_("Alle"),
        widget=FastSelect,
    )
    principle = django_filters.ModelChoiceFilter(
        label=_("Effektivt princip"),
        field_name="principles",
        queryset=Principle.objects.all(),
        empty_label=_("Alle"),
        widget=FastSelect,
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Program eller materiale"),
        field_name="programmes",
        queryset=Programme.objects.all(),
        empty_label=_("Alle"),
        widget=FastSelect,
    )
    # A text box with suggestions from the server (activities:institution_options),
    # not a drop-down: a national administrator would get thousands of options.
    institution = django_filters.CharFilter(
        label=_("Institution"),
        method="filter_institution",
        help_text=_("Skriv en del af navnet. Forslag vises, mens du skriver."),
        widget=forms.TextInput(
            attrs={
                "list": "institution-options",
                "autocomplete": "off",
                "data-options-url": reverse_lazy("activities:institution_options"),
            }
        ),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sortér efter"),
        empty_label=_("Nyeste først"),
        widget=FastSelect,
        fields=(("start_date", "start_date"), ("title", "title"), ("arena__position", "arena")),
        field_labels={
            "start_date": _("Startdato (ældste først)"),
            "-start_date": _("Startdato (nyeste først)"),
            "title": _("Aktivitet (A–Å)"),
            "-title": _("Aktivitet (Å–A)"),
            "arena__position": _("Indsatsområde"),  # keyed by field, descending by param
            "-arena": _("Indsatsområde (omvendt)"),
        },
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_national(user):
            self.filters["municipality"].queryset = municipalities_visible_to(user)
        else:
            # Only a national administrator looks across municipalities.
            del self.filters["municipality"]
        # The four reference drop-downs in one query instead of one each.
        for name, rows in reference_choices().items():
            field = self.filters[name].field
            # Fixed choices (Django's ChoiceField setter; django-filter's would wrap them
            # in a model iterator): the form no longer queries each model for them.
            forms.ChoiceField.choices.fset(field, [("", field.empty_label), *rows])

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(target_group_text__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset

    def filter_institution(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Activities involving an institution whose name contains the text (or, for
        old links, the institution with that id) among those the user may see."""
        value = value.strip()
        institutions = institutions_for_filter(self.user)
        if value.isdigit():
            institutions = institutions.filter(pk=int(value))
        else:
            institutions = institutions.filter(name__icontains=value)
        links = Activity.institutions.through.objects.filter(
            activity=OuterRef("pk"), institution__in=institutions
        )
        return queryset.filter(Exists(links))

    def filter_period_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.in_period(value, None)

    def filter_period_to(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.in_period(None, value)


def reference_choices() -> dict[str, list[tuple[int, str]]]:
    """The choices of the arena, target group, principle and programme filters, in
    each model's order and labelled as its ``__str__``, from one UNION query."""
    text = CharField()
    number = IntegerField()
    sources = {
        "arena": (Arena, F("name"), F("position")),
        "target_group": (TargetGroup, F("name"), F("position")),
        "principle": (
            Principle,
            Concat(Cast("number", output_field=text), Value(". "), "name", output_field=text),
            F("number"),
        ),
        "programme": (Programme, F("name"), Value(0, output_field=number)),
    }
    parts = [
        model.objects.order_by()
        .annotate(
            filter_name=Value(name, output_field=text),
            label=Cast(label, output_field=text),
            pos=Cast(position, output_field=number),
        )
        .values("filter_name", "pk", "label", "pos")
        for name, (model, label, position) in sources.items()
    ]
    rows: dict[str, list[dict]] = {name: [] for name in sources}
    for row in parts[0].union(*parts[1:], all=True):
        rows[row["filter_name"]].append(row)
    return {
        name: [(r["pk"], r["label"]) for r in sorted(found, key=lambda r: (r["pos"], r["label"]))]
        for name, found in rows.items()
    }


def institutions_for_filter(user) -> QuerySet:
    """The institutions a user may filter the list by: all for a national
    administrator, else those of the user's municipality they may see."""
    if is_national(user):
        return Institution.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Institution.objects.none()
    return Institution.objects.visible_to(user).filter(municipality_id=membership.municipality_id)


def institution_options(user, text: str, *, limit: int = 20) -> list[str]:
    """Up to ``limit`` names of institutions the user may filter by that contain
    ``text``, names starting with it first."""
    text = text.strip()
    if len(text) < 2:
        return []
    names = (
        institutions_for_filter(user)
        .filter(name__icontains=text)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[: limit * 5]
    )
    folded = text.casefold()
    ordered = sorted(names, key=lambda name: (not name.casefold().startswith(folded), name))
    return ordered[:limit]
