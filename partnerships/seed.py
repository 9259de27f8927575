"""Load the booklet's partnership examples (partnerships/data/examples.yaml).

Idempotent: agreements are keyed by ``seed_key``; a second run writes nothing,
and an agreement someone has since edited in the app (version > 1) is left alone.
Municipalities come from the reference loader; a missing one is skipped with
a log message.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from municipalities.models import Institution, Municipality
from partnerships.models import AgreementMember, NightlifeAgreement, PartnershipContract

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "examples.yaml"


def load_examples_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _municipality(slug: str) -> Municipality | None:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        logger.warning(
            "partnerships seed: municipality %r does not exist; load the reference data first",
            slug,
        )
    return municipality


def _load_hilleroed(data: dict[str, Any]) -> int:
    """Hillerød's partnership contracts with seven primary schools (Drug Stop 3400).

    The booklet states that seven primary schools signed contracts but does not
    name them, so each school is recorded under a name that says exactly that
    ("Grundskole 1 i Hillerød (ikke navngivet i hæftet)"), and each contract holds
    the framework the booklet gives, not invented school-specific text. They are
    historical records of the project period (the data file's ``period``).
    """
    count = data.get("primary_school_contracts") or 0
    municipality = _municipality(data.get("municipality", "hilleroed"))
    if municipality is None or not count:
        return 0
    framework = data["framework"]
    elements = framework["elements"]
    placeholder = str(data.get("unnamed_school_note") or "ikke navngivet i hæftet")
    period = data.get("period") or {}
    for number in range(1, count + 1):
        institution, _ = Institution.objects.get_or_create(
            municipality=municipality,
            name=f"Grundskole {number} i Hillerød ({placeholder})",
            defaults={"kind": Institution.Kind.PRIMARY_SCHOOL},
        )
        values = {
            "municipality": municipality,
            "institution": institution,
            "title": f"Partnerskabskontrakt – {data.get('project', 'Drug Stop 3400')}",
            "municipal_party": data.get("project", "Drug Stop 3400"),
            "local_values_and_goals": elements[0],
            "guidelines_and_help": elements[1],
            "organisation": elements[2],
            "key_person_training": elements[3],
            "institution_contribution": framework["institution_contribution"].strip(),
            "municipality_contribution": framework["municipality_contribution"].strip(),
            "commits_no_exclusion": True,
            "commits_treatment_offer": True,
            "treatment_offer": framework["commitments"].strip(),
            "status": PartnershipContract.Status.ACTIVE,
            "start_date": period.get("start"),
            "end_date": period.get("end"),
            "is_historical": True,
            "source_note": str(data.get("source_note") or "")[:500],
        }
        key = f"hilleroed-contract-{number}"
        contract = PartnershipContract.objects.filter(seed_key=key).first()
        if contract is None:
            PartnershipContract.objects.create(seed_key=key, **values)
        elif contract.version == 1 and any(
            getattr(contract, name) != value for name, value in values.items()
        ):
            # A corrected data file updates a contract nobody has edited in the app.
            for name, value in values.items():
                setattr(contract, name, value)
            contract.save()
    return count


@transaction.atomic
def load_partnership_examples(path: Path = DATA_FILE) -> dict[str, int]:
    """Load the nightlife agreements of the booklet (and Hillerød's named schools,
    if any). Returns counts of what the data set holds after loading."""
    data = load_examples_data(path)
    schools = _load_hilleroed(data.get("hilleroed") or {})
    agreements = members = skipped = 0
    for row in data.get("nightlife_agreements") or []:
        municipality = _municipality(row["municipality"])
        if municipality is None:
            skipped += 1
            continue
        rules = row.get("shared_rules") or []
        values = {
            "municipality": municipality,
            "name": row["name"],
            "status": row.get("status") or NightlifeAgreement.Status.ACTIVE,
            "description": (row.get("description") or "").strip(),
            "shared_rules": "\n".join(rule.strip() for rule in rules),
            "quarantine_months": row.get("quarantine_months"),
            "quarantine_text": (row.get("quarantine_text") or "").strip(),
            "staff_training": (row.get("staff_training") or "").strip(),
            "campaign_material": (row.get("campaign_material") or "").strip(),
            "source_note": row.get("source_note") or "",
            "start_date": (row.get("period") or {}).get("start"),
            "end_date": (row.get("period") or {}).get("end"),
            "is_historical": True,
        }
        agreement = NightlifeAgreement.objects.filter(seed_key=row["key"]).first()
        if agreement is None:
            agreement = NightlifeAgreement.objects.create(seed_key=row["key"], **values)
        elif agreement.version > 1:
            # A person has edited it in the app since: their text wins.
            agreements += 1
            members += agreement.members.count()
            continue
        elif any(getattr(agreement, name) != value for name, value in values.items()):
            # Only a real change writes (and leaves a history record).
            for name, value in values.items():
                setattr(agreement, name, value)
            agreement.save()
        wanted = [(m["name"], m["kind"]) for m in row.get("members") or []]
        existing = list(agreement.members.values_list("name", "kind"))
        if sorted(existing) != sorted(wanted):
            agreement.members.all().delete()
            for name, kind in wanted:
                AgreementMember.objects.create(agreement=agreement, name=name, kind=kind)
        agreements += 1
        members += len(wanted)
    return {
        "nightlife_agreements": agreements,
        "nightlife_agreement_members": members,
        "nightlife_agreements_skipped": skipped,
        "hilleroed_contracts": schools,
    }
