import factory
from django.contrib.auth import get_user_model

from municipalities.models import (
    Institution,
    Membership,
    Municipality,
    Principle,
    Programme,
    Role,
    TargetGroup,
)

PASSWORD = "korrekt-hest-batteri-42"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kommune-{n}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Testskole {n}")
    kind = Institution.Kind.PRIMARY_SCHOOL


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"group_{n}")
    name = factory.Sequence(lambda n: f"Målgruppe {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"programme_{n}")
    name = factory.Sequence(lambda n: f"Program {n}")


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 6 + 1)
    code = factory.LazyAttribute(lambda o: f"principle_{o.number}")
    name = factory.LazyAttribute(lambda o: f"Princip {o.number}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.dk")
    first_name = factory.Sequence(lambda n: f"Bruger{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


def make_member(
    *,
    username: str,
    role: str,
    municipality: Municipality | None = None,
    institution: Institution | None = None,
):
    """A user with a membership; national administrators get a confirmed TOTP device."""
    user = UserFactory(username=username)
    Membership.objects.create(
        user=user, role=role, municipality=municipality, institution=institution
    )
    if role == Role.NATIONAL_ADMIN:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user
