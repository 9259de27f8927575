import pytest

from tests.activities.factories import make_reference


@pytest.fixture
def reference(db):
    """The six principles, three target groups and two programmes."""
    return make_reference()
