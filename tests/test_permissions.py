"""The capability table, written out by hand: who may do what.

Each row is (capability, roles that hold it). A change to
municipalities/access.py that gives or takes a capability makes this fail,
so the change is a decision, not an accident. Then: the object check (own
municipality, own institution where the model allows it), and a scan that no
module but access.py compares a role.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from municipalities import access
from municipalities.models import Role
from partnerships.models import PartnershipContract
from policies.models import Policy
from tests.access import ALL_ROLES

N, C, L, E, S = (
    Role.NATIONAL_ADMIN,
    Role.COORDINATOR,
    Role.INSTITUTION_LEADER,
    Role.INSTITUTION_EDITOR,
    Role.STEERING_MEMBER,
)

TABLE = [
    (access.ACTIVITY_WRITE, {N, C}),
    (access.CONTRACT_WRITE, {N, C}),
    (access.AGREEMENT_READ, {N, C, S}),
    (access.AGREEMENT_WRITE, {N, C}),
    (access.POLICY_CREATE, {N, C, L, E}),
    (access.POLICY_EDIT, {N, C, L, E}),
    (access.POLICY_ADOPT, {N, C, L}),
    (access.POLICY_RESPONSIBLE, {L, E}),
    (access.TEMPLATE_ADAPT, {C}),
    (access.TEMPLATE_EDIT, {N, C}),
    (access.STATUS_READ, {N, C, S}),
    (access.NATIONAL_READ, {N}),
    (access.REMINDER_LOG_READ, {N, C, S}),
    (access.SUBSCRIPTION_WRITE, {N, C}),
]


def test_the_table_names_every_capability():
    assert {capability for capability, _ in TABLE} == set(access.CAPABILITIES)


@pytest.mark.parametrize(("capability", "holders"), TABLE, ids=[row[0] for row in TABLE])
def test_permission_table(world, capability, holders):
    allowed = {role for role in ALL_ROLES if access.can(world.users[role], capability)}
    assert allowed == holders


def test_nobody_without_a_membership_holds_anything(db, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    stranger = django_user_model.objects.create_user("ingen", password="x-y-z-123456")
    for capability in access.CAPABILITIES:
        assert not access.can(AnonymousUser(), capability)
        assert not access.can(stranger, capability)


def test_require_answers_403(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        access.require(world.users[S], access.ACTIVITY_WRITE)
    access.require(world.users[C], access.ACTIVITY_WRITE)


def _policy(institution) -> Policy:
    return Policy(municipality=institution.municipality, institution=institution, title="P")


def test_an_object_must_be_in_the_users_municipality(world):
    own = _policy(world.institution)
    foreign = _policy(world.other_institution)
    assert access.can(world.users[C], access.POLICY_ADOPT, own)
    assert not access.can(world.users[C], access.POLICY_ADOPT, foreign)
    assert not access.can(world.users["outsider"], access.POLICY_ADOPT, own)
    assert access.can(world.users[N], access.POLICY_ADOPT, foreign)


def test_institution_roles_act_on_their_own_institutions_objects_where_the_model_allows(world):
    from tests.factories import InstitutionFactory

    neighbour = InstitutionFactory(municipality=world.municipality)
    assert Policy.INSTITUTION_MAY_CHANGE
    assert access.can(world.users[E], access.POLICY_EDIT, _policy(world.institution))
    assert not access.can(world.users[E], access.POLICY_EDIT, _policy(neighbour))
    assert access.can(world.users[L], access.POLICY_ADOPT, _policy(world.institution))
    assert not access.can(world.users[E], access.POLICY_ADOPT, _policy(world.institution))
    # A contract concerns the institution, but the model does not let it change the contract.
    assert not getattr(PartnershipContract, "INSTITUTION_MAY_CHANGE", False)
    contract = PartnershipContract(
        municipality=world.municipality, institution=world.institution, title="K"
    )
    assert not access.can(world.users[L], access.CONTRACT_WRITE, contract)
    assert access.can(world.users[C], access.CONTRACT_WRITE, contract)


def test_a_municipality_object_is_reached_by_its_own_people(world):
    assert access.can(world.users[S], access.STATUS_READ, world.municipality)
    assert not access.can(world.users[S], access.STATUS_READ, world.other_municipality)
    assert access.can(world.users[N], access.STATUS_READ, world.other_municipality)


def test_templates_see_capabilities_by_name(world):
    caps = access.capabilities_of(world.users[S])
    assert caps["STATUS_READ"] and not caps["ACTIVITY_WRITE"]
    assert set(caps) == {
        name
        for name in dir(access)
        if isinstance(getattr(access, name), str) and getattr(access, name) in access.CAPABILITIES
    }


# --- No role comparison outside access.py ----------------------------------------

ROOT = Path(__file__).resolve().parent.parent
ROLE_VALUES = {str(role) for role in Role}
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", ".git"}


def _mentions_role(node: ast.AST) -> bool:
    """Role.X, x.role, a role's value ("coordinator"), a *_ROLES set, or a literal of them."""
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "Role":
            return True
        if node.attr == "role" or node.attr.endswith("_ROLES"):
            return True
    if isinstance(node, ast.Name) and (node.id == "role" or node.id.endswith("_ROLES")):
        return True
    if isinstance(node, ast.Constant) and node.value in ROLE_VALUES:
        return True
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        return any(_mentions_role(element) for element in node.elts)
    return False


def role_comparisons(source: str) -> list[int]:
    """Line numbers where ``source`` compares a role (==, !=, in, not in, is, match)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            if any(_mentions_role(part) for part in [node.left, *node.comparators]):
                lines.append(node.lineno)
        elif isinstance(node, ast.Match):
            patterns = [case.pattern for case in node.cases]
            values = [p.value for p in patterns if isinstance(p, ast.MatchValue)]
            if _mentions_role(node.subject) or any(_mentions_role(v) for v in values):
                lines.append(node.lineno)
    return lines


def _project_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts)
        and path != ROOT / "municipalities" / "access.py"
    ]


def test_the_scan_finds_role_comparisons():
    # The scan itself must catch every spelling, or the next test proves nothing.
    for source in (
        "if membership.role == Role.COORDINATOR: pass",
        "ok = role_of(user) != Role.STEERING_MEMBER",
        "ok = role in {Role.NATIONAL_ADMIN, Role.COORDINATOR}",
        "ok = role_of(user) not in INSTITUTION_ROLES",
        "ok = m.role == 'national_admin'",
        "match m.role:\n    case Role.COORDINATOR:\n        pass",
    ):
        assert role_comparisons(source), source
    assert not role_comparisons("Membership.objects.filter(role=Role.COORDINATOR)")


def test_no_module_outside_access_compares_a_role():
    modules = _project_modules()
    assert len(modules) > 50
    found = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := role_comparisons(path.read_text(encoding="utf-8")))
    }
    assert not found, f"Role comparisons outside municipalities/access.py: {found}"
