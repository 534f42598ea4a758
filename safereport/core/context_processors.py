from django.http import HttpRequest

from config import locales


def front_end(request: HttpRequest) -> dict[str, object]:
    return {
        "front_end": getattr(request, "front_end", "portal"),
        "locales": locales.LOCALES,
    }
