"""The period a dashboard or report covers."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from reports.selectors import MAX_QUARTERS, quarter_count


def current_year(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


class PeriodForm(forms.Form):
    """From and to (both included). Bound from the query string; an empty form
    means the current year."""

    start = forms.DateField(
        label=_("Fra"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Første dag i perioden."),
    )
    end = forms.DateField(
        label=_("Til"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Sidste dag i perioden (medregnet)."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Slutdatoen må ikke ligge før startdatoen."))
            elif quarter_count(start, end) > MAX_QUARTERS:  # the charts show at most these
                self.add_error(
                    "end",
                    _("Perioden må højst være %(years)s år.") % {"years": MAX_QUARTERS // 4},
                )
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen period when valid, otherwise the current year."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return current_year()


def period_query(start: date, end: date) -> str:
    """The query string that names a period, for links that keep it."""
    return urlencode({"start": start.isoformat(), "end": end.isoformat()})


def period_form(query: dict) -> PeriodForm:
    """Bound when the query string names a period, unbound (current year) otherwise."""
    if "start" in query or "end" in query:
        return PeriodForm(query)
    start, end = current_year()
    return PeriodForm(initial={"start": start, "end": end})


class SubscriptionForm(forms.Form):
    """How often the steering group receives its report by email; empty ends it."""

    frequency = forms.ChoiceField(
        label=_("Send styregruppen statusrapporten"),
        required=False,
        choices=[("", _("Ikke automatisk"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        from reports.models import ReportSubscription

        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = [
            ("", _("Ikke automatisk")),
            *ReportSubscription.Frequency.choices,
        ]
