from django.core.management.base import BaseCommand
from django.db import transaction

from activities.seed import load_booklet_activities
from municipalities.seed import load_reference_data
from partnerships.seed import load_partnership_examples
from policies.seed import load_policy_templates


class Command(BaseCommand):
    help = (
        "Load the shipped data set: the 14 model municipalities, reference data, every "
        "activity of the booklet's tables, the policy templates built from the booklets' "
        "examples and the partnership and nightlife examples. One transaction; running it "
        "twice changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        counts = load_reference_data()
        counts.update(load_booklet_activities())
        counts.update(load_policy_templates())
        counts.update(load_partnership_examples())
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
