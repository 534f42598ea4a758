from safereport.consent.tests.conftest import examined_case, with_receipt  # noqa: F401 - shared fixtures
