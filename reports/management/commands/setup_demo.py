from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the shipped seed data and the demo users (idempotent; used by `make run`)."

    def handle(self, *args, **options):
        call_command("seed_model_municipalities")
        call_command("seed_demo_users")
