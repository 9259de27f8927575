"""Obligations: the due-soon and overdue helpers the reminders and overview use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerships import services
from partnerships.models import Obligation
from tests.partnerships.factories import ContractFactory, ObligationFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 10)


@pytest.fixture
def contract(institution):
    return ContractFactory(institution=institution)


def _due(contract, days: int | None, status: str = "open") -> Obligation:
    due = TODAY + timedelta(days=days) if days is not None else None
    return ObligationFactory(contract=contract, due_date=due, status=status)


def test_due_soon_holds_open_obligations_due_within_the_window(contract):
    today = _due(contract, 0)
    in_a_week = _due(contract, 7)
    _due(contract, 15)  # outside the window
    _due(contract, -1)  # overdue, not "due soon"
    _due(contract, 3, status="done")
    _due(contract, None)
    assert set(Obligation.objects.due_soon(7, today=TODAY)) == {today, in_a_week}


def test_overdue_holds_open_obligations_past_their_date(contract):
    late = _due(contract, -1)
    _due(contract, -30, status="cancelled")
    _due(contract, -2, status="done")
    _due(contract, 0)
    assert list(Obligation.objects.overdue(today=TODAY)) == [late]


def test_open_excludes_done_and_cancelled(contract):
    open_one = _due(contract, 5)
    _due(contract, 5, status="done")
    _due(contract, 5, status="cancelled")
    assert list(Obligation.objects.open()) == [open_one]


def test_marking_done_leaves_the_overdue_list_and_reopening_returns_it(contract, coordinator):
    late = _due(contract, -3)
    services.obligation_set_status(user=coordinator, obligation=late, status="done", on=TODAY)
    assert not Obligation.objects.overdue(today=TODAY).exists()
    late.refresh_from_db()
    assert late.completed_on == TODAY
    services.obligation_set_status(user=coordinator, obligation=late, status="open")
    assert list(Obligation.objects.overdue(today=TODAY)) == [late]


def test_obligations_of_other_municipalities_are_not_visible(
    contract, other_institution, coordinator
):
    mine = _due(contract, -1)
    other_contract = ContractFactory(institution=other_institution)
    _due(other_contract, -1)
    assert list(Obligation.objects.visible_to(coordinator).overdue(today=TODAY)) == [mine]
