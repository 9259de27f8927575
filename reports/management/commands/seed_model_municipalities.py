from django.core.management.base import BaseCommand
from django.db import transaction

from activities.seed import load_booklet_activities
from municipalities.seed import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the shipped data set: the 14 model municipalities, reference data and every "
        "activity of the booklet's tables. One transaction; running it twice changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        counts = load_reference_data()
        counts.update(load_booklet_activities())
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
