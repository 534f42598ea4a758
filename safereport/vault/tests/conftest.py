import base64

import pytest

# Vault tests touch both databases: the main one (audit events, sealed rows)
# and the key store.
VAULT_DATABASES = ["default", "keystore"]


def kek_line(kek_id: str, fill: int) -> str:
    return f"{kek_id}:{base64.b64encode(bytes([fill]) * 32).decode()}"


@pytest.fixture
def kek_a(settings):
    settings.VAULT_KEK_RING = kek_line("kek-a", 1)
    return settings
