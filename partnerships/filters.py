from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect
from municipalities.models import Institution
from partnerships.models import NightlifeAgreement, PartnershipContract


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PartnershipContract.Status.choices, empty_label=_("Alle")
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        empty_label=_("Alle"),
        widget=FastSelect,
    )

    class Meta:
        model = PartnershipContract
        fields = ["q", "status", "institution"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["institution"].queryset = (
            Institution.objects.visible_to(user)
            .filter(partnership_contracts__isnull=False)
            .distinct()
        )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(institution__name__icontains=value)
            | Q(municipal_party__icontains=value)
        )


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=NightlifeAgreement.Status.choices, empty_label=_("Alle")
    )

    class Meta:
        model = NightlifeAgreement
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(shared_rules__icontains=value)
            | Q(members__name__icontains=value)
        ).distinct()
