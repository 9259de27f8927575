"""Who may open and post to every URL of the activities app (see tests/access.py)."""

from __future__ import annotations

from activities import services
from activities.models import Activity
from municipalities.models import Arena, Role
from tests.access import ALL_ROLES, UrlCase
from tests.activities.factories import ActivityFactory

WRITERS = (Role.COORDINATOR, Role.NATIONAL_ADMIN)


def _activity(world) -> dict:
    # Involves the school, so its leader and editor may read it too.
    activity = ActivityFactory(
        municipality=world.municipality,
        title="Temadag om hash",
        relations={"institutions": [world.institution]},
    )
    return {"pk": activity.pk}


def _deleted_activity(world) -> dict:
    activity = ActivityFactory(municipality=world.municipality, title="Slettet temadag")
    pk = activity.pk
    services.activity_delete(activity=activity, user=world.users[Role.COORDINATOR])
    record = Activity.history.filter(id=pk, history_type="-").get()
    return {"history_id": record.history_id}


def _valid_post(world, kwargs) -> dict:
    return {
        "arena": Arena.objects.get(code=Arena.SCHOOL).pk,
        "title": "Ændret titel",
        "status": Activity.Status.PLANNED,
        "start_date": "2025-05-01",
        "municipality": world.municipality.pk,
        "version": 1,
    }


def _activity_state(world, kwargs):
    activity = Activity.objects.filter(pk=kwargs["pk"]).first()
    return activity and (activity.title, activity.version)


def _activity_count(world, kwargs):
    return Activity.objects.count()


def _import_job(world) -> dict:
    # An import is its owner's alone: here the coordinator's, checked and ready to save.
    job = services.import_job_create(
        owner=world.users[Role.COORDINATOR],
        filename="aktiviteter.csv",
        rows=[{"arena": "Grundskolen", "title": "Temadag", "start_date": "01-09-2025"}],
    )
    return {"pk": job.pk}


def _restored(world, kwargs):
    record = Activity.history.get(history_id=kwargs["history_id"])
    return Activity.objects.filter(pk=record.id).exists()


CASES = [
    UrlCase(name="activities:list", readers=ALL_ROLES, scoped_object=False),
    UrlCase(name="activities:coverage", readers=ALL_ROLES, scoped_object=False),
    UrlCase(name="activities:export", readers=ALL_ROLES, scoped_object=False),
    UrlCase(name="activities:institution_options", readers=ALL_ROLES, scoped_object=False),
    UrlCase(name="activities:detail", setup=_activity, readers=ALL_ROLES),
    UrlCase(
        name="activities:create",
        readers=WRITERS,
        writers=WRITERS,
        scoped_object=False,
        post_data=_valid_post,
        snapshot=_activity_count,
    ),
    UrlCase(
        name="activities:edit",
        setup=_activity,
        readers=WRITERS,
        writers=WRITERS,
        post_data=_valid_post,
        snapshot=_activity_state,
    ),
    UrlCase(
        name="activities:duplicate",
        setup=_activity,
        readers=WRITERS,
        writers=WRITERS,
        snapshot=_activity_count,
    ),
    UrlCase(
        name="activities:delete",
        setup=_activity,
        readers=WRITERS,
        writers=WRITERS,
        snapshot=_activity_state,
    ),
    UrlCase(name="activities:deleted", readers=WRITERS, writers=WRITERS, scoped_object=False),
    UrlCase(
        name="activities:restore",
        setup=_deleted_activity,
        readers=(),
        writers=WRITERS,
        get=False,
        snapshot=_restored,
    ),
    UrlCase(
        name="activities:import",
        readers=WRITERS,
        writers=WRITERS,
        scoped_object=False,
        snapshot=_activity_count,
    ),
    UrlCase(
        name="activities:import_job",
        setup=_import_job,
        readers=(Role.COORDINATOR,),
        writers=(),
        snapshot=_activity_count,
    ),
    UrlCase(
        name="activities:import_confirm",
        setup=_import_job,
        readers=(),
        writers=(Role.COORDINATOR,),
        get=False,
        snapshot=_activity_count,
    ),
]
