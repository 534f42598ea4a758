from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from safereport.core.models import SpentFormToken, ThrottleWindow


# The apps' tasks run too: the audit app's anchors the chain in the key store.
@pytest.mark.django_db(databases="__all__")
def test_housekeeping_removes_what_is_no_longer_needed():
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=timezone.now() + timedelta(days=1))
    ThrottleWindow.objects.create(bucket="portal:contact:", window_start=0, count=5)
    # Spent tokens outlive the tokens themselves (24 hours), so a valid token is always recognised.
    SpentFormToken.objects.create(digest="a" * 64, spent_at=timezone.now() - timedelta(hours=49))
    SpentFormToken.objects.create(digest="b" * 64, spent_at=timezone.now() - timedelta(hours=47))
    out = StringIO()
    call_command("housekeeping", stdout=out)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert not ThrottleWindow.objects.exists()
    assert list(SpentFormToken.objects.values_list("digest", flat=True)) == ["b" * 64]
    assert "removed 1 sessions, 1 throttle windows, 1 spent form tokens" in out.getvalue()
    assert "audit anchor: nothing to anchor yet" in out.getvalue()
