"""Who may open and post to every URL of the policies app and the policy
documents in reports/ (see tests/access.py)."""

from __future__ import annotations

from municipalities.models import Role
from policies import services
from policies.models import Policy, PolicyTemplate, PublicLink, TemplateKind
from tests.access import ALL_ROLES, UrlCase
from tests.policies.factories import adopted_policy, complete_draft, national_template

# Institution staff and coordinators draft; the steering group only reads.
EDITORS = (
    Role.NATIONAL_ADMIN,
    Role.COORDINATOR,
    Role.INSTITUTION_LEADER,
    Role.INSTITUTION_EDITOR,
)
# Adoption and publishing: the leader, the coordinator, the national administrator.
ADOPTERS = (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.INSTITUTION_LEADER)
MUNICIPAL = (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.STEERING_MEMBER)


def _draft(world) -> dict:
    policy = complete_draft(
        institution=world.institution, user=world.users[Role.INSTITUTION_EDITOR]
    )
    return {"pk": policy.pk}


def _step(world) -> dict:
    return {**_draft(world), "step": "purpose"}


def _adopted(world) -> dict:
    policy = adopted_policy(
        institution=world.institution,
        user=world.users[Role.INSTITUTION_EDITOR],
        adopter=world.users[Role.INSTITUTION_LEADER],
    )
    return {"pk": policy.pk}


def _version(world) -> dict:
    return {**_adopted(world), "number": 1}


def _link(world) -> dict:
    kwargs = _adopted(world)
    link = services.public_link_create(
        policy=Policy.objects.get(pk=kwargs["pk"]), user=world.users[Role.COORDINATOR]
    )
    return {**kwargs, "link_pk": link.pk}


def _municipal_template(world) -> dict:
    template = services.policy_template_adapt(
        template=national_template(TemplateKind.YOUTH_CLUB),
        municipality=world.municipality,
        user=world.users[Role.COORDINATOR],
    )
    return {"pk": template.pk}


def _national_template(world) -> dict:
    return {"pk": national_template().pk}


def _policy_state(world, kwargs):
    policy = Policy.objects.get(pk=kwargs["pk"])
    return (policy.status, policy.version, policy.content.get("purpose"), policy.versions.count())


def _link_state(world, kwargs):
    return list(PublicLink.objects.values_list("pk", "revoked_at"))


def _counts(world, kwargs):
    return (Policy.objects.count(), PolicyTemplate.objects.count())


def _template_state(world, kwargs):
    template = PolicyTemplate.objects.get(pk=kwargs["pk"])
    return (template.name, template.version, template.content)


def _step_post(world, kwargs) -> dict:
    return {"text": "Et nyt formål", "version": 99, "action": "next"}


def _event_post(world, kwargs) -> dict:
    return {"kind": "new_staff", "date": "2025-08-10", "description": "Personalemøde"}


def _event_count(world, kwargs):
    policy = Policy.objects.get(pk=kwargs["pk"])
    return policy.events.count()


CASES = [
    UrlCase(name="policies:list", readers=ALL_ROLES, scoped_object=False),
    UrlCase(
        name="policies:create",
        readers=EDITORS,
        writers=EDITORS,
        scoped_object=False,
        post_data=lambda world, kwargs: {"institution": world.institution.pk},
        snapshot=_counts,
    ),
    UrlCase(name="policies:detail", setup=_draft, readers=ALL_ROLES),
    UrlCase(
        name="policies:step",
        setup=_step,
        readers=EDITORS,
        writers=EDITORS,
        post_data=_step_post,
        snapshot=_policy_state,
    ),
    UrlCase(name="policies:review", setup=_draft, readers=EDITORS, writers=EDITORS),
    UrlCase(
        name="policies:send_to_consultation",
        setup=_draft,
        readers=EDITORS,
        writers=EDITORS,
        get=False,
        post_data=lambda world, kwargs: {"version": 1},
        snapshot=_policy_state,
    ),
    UrlCase(
        name="policies:adopt",
        setup=_draft,
        readers=ALL_ROLES,
        writers=ADOPTERS,
        get=False,
        post_data=lambda world, kwargs: {"version": 1},
        snapshot=_policy_state,
    ),
    UrlCase(
        name="policies:revise",
        setup=_adopted,
        readers=ALL_ROLES,
        writers=EDITORS,
        get=False,
        post_data=lambda world, kwargs: {"version": 2},
        snapshot=_policy_state,
    ),
    UrlCase(name="policies:version_detail", setup=_version, readers=ALL_ROLES),
    UrlCase(name="policies:version_compare", setup=_adopted, readers=ALL_ROLES),
    UrlCase(
        name="policies:public_link_create",
        setup=_adopted,
        readers=ALL_ROLES,
        writers=ADOPTERS,
        get=False,
        snapshot=_link_state,
    ),
    UrlCase(
        name="policies:public_link_revoke",
        setup=_link,
        readers=ALL_ROLES,
        writers=ADOPTERS,
        get=False,
        snapshot=_link_state,
    ),
    UrlCase(
        name="policies:event_create",
        setup=_adopted,
        readers=EDITORS,
        writers=EDITORS,
        post_data=_event_post,
        snapshot=_event_count,
    ),
    UrlCase(name="policies:template_list", readers=ALL_ROLES, scoped_object=False),
    UrlCase(name="policies:template_detail", setup=_municipal_template, readers=ALL_ROLES),
    UrlCase(
        # National templates are visible to every municipality; any coordinator may adapt one.
        name="policies:template_adapt",
        setup=_national_template,
        readers=ALL_ROLES,
        writers=(Role.COORDINATOR,),
        get=False,
        scoped_object=False,
        snapshot=_counts,
    ),
    UrlCase(
        name="policies:template_edit",
        setup=_municipal_template,
        readers=(Role.NATIONAL_ADMIN, Role.COORDINATOR),
        writers=(Role.NATIONAL_ADMIN, Role.COORDINATOR),
        post_data=lambda world, kwargs: {"name": "Ændret", "version": 1},
        snapshot=_template_state,
    ),
    # The documents of the adopted policy (policies/documents.py).
    UrlCase(name="policy_documents:html", setup=_adopted, readers=ALL_ROLES),
    UrlCase(name="policy_documents:pdf", setup=_adopted, readers=ALL_ROLES),
    UrlCase(name="policy_documents:card", setup=_adopted, readers=ALL_ROLES),
]
