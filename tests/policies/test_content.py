"""The section declarations decide completeness, display and comparison on their own:
adoption needs no form, and a template's prompts are allowed only in templates."""

from __future__ import annotations

import copy

import pytest

from policies import content
from tests.policies.factories import filled, national_template

pytestmark = pytest.mark.django_db


def _complete() -> dict:
    return filled(copy.deepcopy(national_template().content))


def test_a_complete_content_has_no_missing_section_once_someone_is_responsible():
    data = _complete()
    assert content.missing_sections(data, people={"responsible": True}) == []
    assert content.missing_sections(data, people={"responsible": False}) == ["evaluation"]


def test_each_rule_names_where_it_failed():
    data = _complete()
    data["purpose"]["text"] = " "
    data["preparedness"]["steps"][1]["contact"] = ""
    data["partners"]["contacts"][0]["phone"] = "ring mig"
    assert content.SECTIONS_BY_KEY["purpose"].errors(data["purpose"]) == [
        (("text",), "Skriv politikkens formål.")
    ]
    assert content.SECTIONS_BY_KEY["preparedness"].errors(data["preparedness"]) == [
        (("steps", 1, "contact"), "Udfyld feltet, eller tøm hele trinet.")
    ]
    ((path, _message),) = content.SECTIONS_BY_KEY["partners"].errors(data["partners"])
    assert path == ("contacts", 0, "phone")
    assert content.missing_sections(data, people={"responsible": True}) == [
        "purpose",
        "preparedness",
        "partners",
    ]


def test_a_templates_prompts_are_refused_in_a_policy_and_allowed_in_a_template():
    guidelines = national_template().content["guidelines"]
    section = content.SECTIONS_BY_KEY["guidelines"]
    paths = [path for path, _message in section.errors(guidelines)]
    assert ("grid", "parents", "camp_schools") in paths
    assert section.errors(guidelines, allow_placeholders=True) == []


def test_two_contents_are_compared_section_by_section():
    old = _complete()
    new = copy.deepcopy(old)
    new["attitudes"]["text"] = "Nye holdninger."
    assert [section.key for section in content.changed_sections(old, new)] == ["attitudes"]
    sections = {str(section["title"]): section for section in content.diff(old, new)}
    assert sections["Holdninger"]["changed"]
    assert not sections["Formål"]["changed"]
    assert {"change": "added", "text": "Holdninger: Nye holdninger."} in sections["Holdninger"][
        "rows"
    ]
