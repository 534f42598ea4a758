from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running SafeReport: backups and restores, health and metrics (docs/adr/0028).

    It sits on the top floor beside the demo: it may look at every app below
    (a restore checks the audit chain and asks the vault whether the key store
    opens the main database), and no app imports it.
    """

    name = "safereport.ops"
    label = "ops"
