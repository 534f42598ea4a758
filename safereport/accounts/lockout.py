"""django-axes hooks: lock accounts, not addresses, and say so clearly."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def no_client_ip(request: HttpRequest) -> None:
    # Axes would store the client's address with each failed attempt; we keep none.
    return None


def locked_out_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
