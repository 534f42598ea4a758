"""The KEK ring and rotation: re-wrap without touching ciphertexts; old keys open until done."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.vault.errors import UnknownKey
from safereport.vault.keyring import kek_ring, parse_ring
from safereport.vault.models import DataKey
from safereport.vault.services import SealContext, data_key_shred, kek_rotate, seal, unseal
from safereport.vault.tests.conftest import VAULT_DATABASES, kek_line

pytestmark = pytest.mark.django_db(databases=VAULT_DATABASES)

SYSTEM = Actor.system("test")


def ctx(n: int) -> SealContext:
    return SealContext(owner=f"case:{n}", record=f"cases.Encounter:{n}", field="narrative")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no-colon",
        "k:not base64!",
        "k:" + "QUJD",
        kek_line("a", 1) + "\n" + kek_line("a", 2),
        "bad id!:" + "A" * 44,
    ],
)
def test_a_malformed_ring_is_refused(text):
    with pytest.raises(ImproperlyConfigured):
        parse_ring(text)


def test_the_first_line_is_the_current_kek_and_the_ring_never_prints_keys():
    ring = parse_ring(kek_line("new", 2) + "\n# comment\n" + kek_line("old", 1))
    assert ring.current_id == "new"
    assert list(ring.keys) == ["new", "old"]
    assert "AgIC" not in repr(ring)


def test_rotation_rewraps_every_key_and_leaves_everything_readable(settings):
    settings.VAULT_KEK_RING = kek_line("kek-a", 1)
    sealed = {n: seal(f"note {n}".encode(), context=ctx(n)) for n in range(5)}
    data_key_shred(owner="case:4", actor=SYSTEM)
    before = {n: bytes(s) for n, s in sealed.items()}

    settings.VAULT_KEK_RING = kek_line("kek-b", 2) + "\n" + kek_line("kek-a", 1)
    # Until rotation completes, keys under the old KEK still open.
    assert unseal(sealed[0], context=ctx(0)) == b"note 0"
    seal(b"new case", context=ctx(9))  # wrapped by kek-b straight away

    report = kek_rotate(actor=SYSTEM)
    assert (report.rewrapped, report.already_current, report.shredded, report.unreadable) == (4, 1, 1, 0)
    assert set(DataKey.objects.exclude(kek_id="").values_list("kek_id", flat=True)) == {"kek-b"}

    # The old KEK can now leave the ring; ciphertexts were never touched.
    settings.VAULT_KEK_RING = kek_line("kek-b", 2)
    for n in range(4):
        assert sealed[n] == before[n]
        assert unseal(sealed[n], context=ctx(n)) == f"note {n}".encode()
    assert kek_rotate(actor=SYSTEM).rewrapped == 0
    assert AuditEvent.objects.filter(action="vault:kek:rotated").count() == 2


def test_removing_a_kek_before_rotation_makes_its_keys_unreadable(settings):
    settings.VAULT_KEK_RING = kek_line("kek-a", 1)
    sealed = seal(b"x", context=ctx(1))
    settings.VAULT_KEK_RING = kek_line("kek-b", 2)
    with pytest.raises(UnknownKey):
        unseal(sealed, context=ctx(1))
    assert kek_rotate(actor=SYSTEM).unreadable == 1


def test_the_rotate_command_reports_counts_and_fails_on_unreadable_keys(settings):
    settings.VAULT_KEK_RING = kek_line("kek-a", 1)
    seal(b"x", context=ctx(1))
    seal(b"y", context=ctx(2))
    settings.VAULT_KEK_RING = kek_line("kek-b", 2) + "\n" + kek_line("kek-a", 1)
    out = io.StringIO()
    call_command("vault", "rotate-kek", stdout=out)
    assert "re-wrapped 2, already current 0, shredded 0, unreadable 0" in out.getvalue()

    status = io.StringIO()
    call_command("vault", "status", stdout=status)
    assert "kek-b: 2" in status.getvalue()

    settings.VAULT_KEK_RING = kek_line("kek-a", 1) + "\n" + kek_line("kek-c", 3)
    with pytest.raises(CommandError):
        call_command("vault", "rotate-kek", stdout=io.StringIO())


def test_the_ring_follows_settings_changes(settings):
    settings.VAULT_KEK_RING = kek_line("one", 1)
    assert kek_ring().current_id == "one"
    settings.VAULT_KEK_RING = kek_line("two", 2)
    assert kek_ring().current_id == "two"
