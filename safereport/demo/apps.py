from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world (organisations, staff, cases) for `safereport demo_data` and the tests' personas.

    It sits above every domain app, since it builds records of all of them;
    no domain app imports it.
    """

    name = "safereport.demo"
    label = "demo"
