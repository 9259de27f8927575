"""Every passage the product marks as quoted stands word for word in its source.

The sources' text lives outside the repository, in ``../shared/seeds/`` (beside the
clone in CI and on the development machines)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from policies import content
from policies.seed import TEMPLATES_FILE
from policies.sources import EXAMPLE_LABEL, SOURCES, normalise, passages
from tests.policies.factories import national_template

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def _source_texts() -> dict[str, str]:
    texts = {}
    for key, source in SOURCES.items():
        path = SEEDS / source.seed_file
        if not path.is_file():
            pytest.fail(
                f"The text of {source.document!r} is missing: expected {path} "
                "(the shared seeds folder beside the repository)."
            )
        texts[key] = normalise(path.read_text(encoding="utf-8"))
    return texts


def _stands_in(passage: str, text: str) -> bool:
    passage = normalise(passage)
    # A quotation may begin a sentence where the source is mid-sentence, or the reverse.
    return any(variant in text for variant in (passage, passage[:1].swapcase() + passage[1:]))


def _value_at(template: dict, path: str):
    if path == "introduction":
        return template.get("introduction")
    value = template["content"]
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _template_quotes() -> list[tuple[str, str, str, str]]:
    """(template kind, path, source key, passage) for every quoted passage of the templates."""
    data = yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))
    quoted = []
    for template in data["templates"]:
        for path, cited in template.get("quotes", {}).items():
            value = _value_at(template, path)
            assert isinstance(value, str) and value.strip(), (template["kind"], path)
            assert cited["source"] in SOURCES, (template["kind"], path)
            assert cited["where"].strip(), (template["kind"], path)
            quoted.extend((template["kind"], path, cited["source"], p) for p in passages(value))
    return quoted


def _guide_quotes() -> list[tuple[str, str, str, str]]:
    with translation.override("da"):
        quotes = [
            (section.key, "guide", quote.source.key, str(quote.text))
            for section in content.SECTIONS
            for quote in (*section.questions, *section.guidance)
        ]
        quotes += [
            ("communication", "eight questions", quote.source.key, str(quote.text))
            for quote in content.EIGHT_QUESTIONS_QUOTED
        ]
    return quotes


def test_every_passage_marked_as_quoted_stands_word_for_word_in_its_source():
    texts = _source_texts()
    quoted = _template_quotes() + _guide_quotes()
    assert len(quoted) > 60
    not_found = [
        f"{where} {path} ({source}): {passage!r}"
        for where, path, source, passage in quoted
        if not _stands_in(passage, texts[source])
    ]
    assert not not_found, "Not in the source as quoted:\n" + "\n".join(not_found)


def test_a_quoted_template_value_holds_no_prompt_to_fill_in():
    prompts = [(kind, path) for kind, path, _s, passage in _template_quotes() if "[" in passage]
    assert not prompts


@pytest.mark.django_db
def test_the_template_page_names_the_source_of_each_quote_and_marks_the_rest_as_example(
    client_for, coordinator
):
    template = national_template()
    html = (
        client_for(coordinator)
        .get(reverse("policies:template_detail", args=[template.pk]))
        .content.decode()
    )
    # The yearly-revision sentence and the partners' question are no longer shown as the guide's.
    section = html.split('id="section-guidelines"')[1].split("</section>")[0]
    # Students at school: quoted from the booklet; the school-party rule: an example.
    students = section.split("Skolefester er alkohol- og røgfri.")
    assert "Kilde: Sundhedsstyrelsen: Rusmiddelforebyggelse i praksis" in students[0]
    assert str(EXAMPLE_LABEL) in students[1].split("</dd>")[0]
    assert html.count("Kilde: Aarhus Kommune: Inspiration til en rusmiddelpolitik") >= 4


@pytest.mark.django_db
def test_the_guided_form_shows_the_guides_questions_with_their_source(
    client_for, school_editor, institution
):
    from tests.policies.factories import complete_draft

    policy = complete_draft(institution=institution, user=school_editor)
    client = client_for(school_editor)
    partners = client.get(reverse("policies:step", args=[policy.pk, "partners"])).content.decode()
    guide = partners.split('class="guide"')[1]
    assert "Centralt: f.eks. Børn og Unge, Ungecenteret" in guide
    assert "Kilde: Aarhus Kommune: Inspiration til en rusmiddelpolitik/handleplan" in guide
    evaluation = client.get(
        reverse("policies:step", args=[policy.pk, "evaluation"])
    ).content.decode()
    assert "Hvem skal sørge for det?" in evaluation
    assert "Det er almindeligt at revidere" not in evaluation
    prevention = client.get(
        reverse("policies:step", args=[policy.pk, "prevention"])
    ).content.decode()
    for label in (
        "Formidling af viden/information og samarbejde som hovedfokus",
        "Elever",
        "Forældre",
        "Skole/Klub",
    ):
        assert label in prevention, label


@pytest.mark.django_db
def test_check_your_answers_marks_what_is_still_the_templates_text(
    client_for, school_editor, institution
):
    from tests.policies.factories import complete_draft

    policy = complete_draft(institution=institution, user=school_editor)
    policy.content["attitudes"] = {"text": "Vores egne holdninger."}
    policy.save()
    html = client_for(school_editor).get(reverse("policies:review", args=[policy.pk]))
    html = html.content.decode()
    purpose = html.split('id="review-purpose"')[1].split("</section>")[0]
    attitudes = html.split('id="review-attitudes"')[1].split("</section>")[0]
    guidelines = html.split('id="review-guidelines"')[1].split("</section>")[0]
    assert "Kilde: Aarhus Kommune" in purpose
    assert "provenance" not in attitudes  # the institution's own text
    assert str(EXAMPLE_LABEL) in guidelines
