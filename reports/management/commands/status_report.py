from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.models import Municipality
from reports.forms import current_year
from reports.status_reports import status_report_pdf


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = (
        "Write a status report as PDF: one municipality (--municipality SLUG) or the "
        "national report (--all). The period defaults to the current year."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--municipality", metavar="SLUG", help="the municipality's slug")
        which.add_argument("--all", action="store_true", help="the national report")
        parser.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD")
        parser.add_argument("--output", required=True, metavar="FILE.pdf")

    def handle(self, *args, **options):
        default_start, default_end = current_year()
        start = _date(options["start"]) if options["start"] else default_start
        end = _date(options["end"]) if options["end"] else default_end
        if end < start:
            raise CommandError("--to must not be before --from.")
        municipality = None
        if options["municipality"]:
            try:
                municipality = Municipality.objects.get(slug=options["municipality"])
            except Municipality.DoesNotExist as exc:
                raise CommandError(f"No municipality {options['municipality']!r}.") from exc
        pdf = status_report_pdf(municipality=municipality, start=start, end=end)
        output = Path(options["output"])
        output.write_bytes(pdf)
        self.stdout.write(f"{output} ({len(pdf)} bytes)")
