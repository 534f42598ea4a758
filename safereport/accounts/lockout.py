"""django-axes hooks: lock accounts, not addresses, keep nothing about the client, and say so clearly.

axes 8 stores with every failed sign-in the client's address, user agent,
Accept header, path, the query string and the form as posted (password
masked, typed username in clear), and the username itself in its own column.
We keep none of it (docs/adr/0022): no address (no_client_ip), the username
only as a keyed hash (the lockout still counts per account, and a name typed
by mistake, or a password typed into the name field, is never stored), and
the handler below hands axes an empty user agent, Accept header, path, query
and form. What remains per row is a hash, a count and a time.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.crypto import salted_hmac


def no_client_ip(request: HttpRequest) -> None:
    # Axes would store the client's address with each failed attempt; we keep none.
    return None


def username_key(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str | None:
    """What axes stores and counts in place of the typed username: a keyed hash of it.

    Keyed with SECRET_KEY, so the table alone does not let anyone test
    guesses of names; case-folded, as usernames are matched case-insensitively.
    """
    field = get_user_model().USERNAME_FIELD
    typed = (credentials or {}).get(field)
    if typed is None and request is not None:
        typed = request.POST.get(field)
    if not typed:
        return None
    return salted_hmac("safereport.accounts.lockout", str(typed).casefold(), algorithm="sha256").hexdigest()


class NoClientDataHandler(AxesDatabaseHandler):
    """axes' database handler, given nothing about the client to store."""

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        # axes' own request attributes, read from the headers before the sign-in.
        for name in ("axes_user_agent", "axes_http_accept", "axes_path_info"):
            setattr(request, name, "")
        # axes copies request.GET and request.POST into get_data and post_data;
        # the form was bound to the posted data already, so for this call only
        # it sees empty ones.
        posted, queried = request.POST, request.GET
        request.POST, request.GET = QueryDict(), QueryDict()
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            request.POST, request.GET = posted, queried


def locked_out_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
