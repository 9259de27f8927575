from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipalities.models import Institution, Membership, Municipality, Role

DEMO_PASSWORD = "demo-adgangskode-2026"
# The demo national administrator's TOTP key (hex), published in the README so
# that a developer can add it to an authenticator app. Demo data only.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

DEMO_USERS = [
    # username, role, municipality slug, institution kind
    ("national", Role.NATIONAL_ADMIN, None, None),
    ("koordinator", Role.COORDINATOR, "kolding", None),
    ("skoleleder", Role.INSTITUTION_LEADER, "kolding", Institution.Kind.PRIMARY_SCHOOL),
    ("redaktoer", Role.INSTITUTION_EDITOR, "kolding", Institution.Kind.PRIMARY_SCHOOL),
    ("styregruppe", Role.STEERING_MEMBER, "kolding", None),
    ("koordinator-varde", Role.COORDINATOR, "varde", None),
]


class Command(BaseCommand):
    help = "Create the demo users (one per role) for the embedded set-up. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        for username, role, slug, kind in DEMO_USERS:
            municipality = Municipality.objects.filter(slug=slug).first() if slug else None
            if slug and municipality is None:
                self.stderr.write(f"Municipality {slug} is missing: load the seed data first.")
                continue
            institution = None
            if kind:
                institution, _ = Institution.objects.get_or_create(
                    municipality=municipality,
                    name="Demo: Munkevængets Skole",
                    defaults={"kind": kind},
                )
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@demo.example", "first_name": username.title()},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.update_or_create(
                user=user,
                defaults={"role": role, "municipality": municipality, "institution": institution},
            )
            if municipality is None:  # the national administrator
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
                TOTPDevice.objects.get_or_create(
                    user=user, defaults={"name": "demo", "key": DEMO_TOTP_KEY, "confirmed": True}
                )
        self.stdout.write(f"Demo users ready (password: {DEMO_PASSWORD}).")
