"""Backup files open only whole, in order, with their own key, as their own kind."""

import io

import pytest

from safereport.vault import backupfiles
from safereport.vault.backupfiles import BackupFileError


@pytest.fixture
def pair(tmp_path):
    generated = backupfiles.keypair_generate()
    (tmp_path / "k").write_text(generated.secret_line)
    (tmp_path / "k.pub").write_text(generated.public_line)
    return backupfiles.secret_key_read(tmp_path / "k"), backupfiles.public_key_read(tmp_path / "k.pub")


def encrypted(data: bytes, public, kind="main") -> bytes:
    out = io.BytesIO()
    backupfiles.encrypt_stream(io.BytesIO(data), out, recipient=public, kind=kind)
    return out.getvalue()


def opened(blob: bytes, secret, kind="main") -> bytes:
    return b"".join(backupfiles.decrypt_stream(io.BytesIO(blob), secret=secret, kind=kind))


PLAIN = bytes(range(256)) * 9000  # a little over two chunks


def test_a_file_round_trips_across_chunks(pair):
    secret, public = pair
    assert opened(encrypted(PLAIN, public), secret) == PLAIN
    assert opened(encrypted(b"", public), secret) == b""


def test_a_file_cut_short_at_a_chunk_boundary_is_refused(pair):
    secret, public = pair
    blob = encrypted(PLAIN, public)
    first_part_end = blob.index(backupfiles.MAGIC) + 8 + 2 + 4 + 8 + 32 + 7
    length = int.from_bytes(blob[first_part_end : first_part_end + 4], "big")
    cut = blob[: first_part_end + 4 + length]  # only the first chunk
    with pytest.raises(BackupFileError, match="cut short"):
        opened(cut, secret)


def test_a_flipped_byte_or_a_wrong_key_or_kind_is_refused(pair, tmp_path):
    secret, public = pair
    blob = bytearray(encrypted(PLAIN, public))
    blob[len(blob) // 2] ^= 1
    with pytest.raises(BackupFileError, match="damaged or out of order"):
        opened(bytes(blob), secret)
    other = tmp_path / "other"
    other.write_text(backupfiles.keypair_generate().secret_line)
    with pytest.raises(BackupFileError, match="was written for the key"):
        opened(encrypted(PLAIN, public), backupfiles.secret_key_read(other))
    with pytest.raises(BackupFileError, match="this is a keystore backup, not a main backup"):
        opened(encrypted(PLAIN, public, kind="keystore"), secret, kind="main")


def test_the_key_files_are_recognised_by_their_prefix(tmp_path, pair):
    (tmp_path / "x").write_text("not a key")
    with pytest.raises(BackupFileError, match="not a backup secret key"):
        backupfiles.secret_key_read(tmp_path / "x")
