from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from safereport.core.models import ThrottleWindow


# The apps' tasks run too: the audit app's anchors the chain in the key store.
@pytest.mark.django_db(databases="__all__")
def test_housekeeping_removes_what_is_no_longer_needed():
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=timezone.now() + timedelta(days=1))
    ThrottleWindow.objects.create(bucket="portal:contact:", window_start=0, count=5)
    out = StringIO()
    call_command("housekeeping", stdout=out)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert not ThrottleWindow.objects.exists()
    assert "removed 1 sessions, 1 throttle windows" in out.getvalue()
    assert "audit anchor: nothing to anchor yet" in out.getvalue()
