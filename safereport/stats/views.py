"""Staff pages of statistics: tables with the release rules applied, charts, exports, the steward's rules and budgets.

Thin: parse a form, call one selector or service, render or redirect.
"""

import json
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts.permissions import Permission
from safereport.accounts.policies import roles_grant
from safereport.accounts.sessions import StaffRequest
from safereport.core.access import requires
from safereport.stats import charts, exports, forms, selectors, services
from safereport.stats.errors import StatsRefused


def _period(request: StaffRequest) -> tuple[forms.PeriodForm, int, str]:
    form = forms.PeriodForm(request.GET or None, jurisdictions=selectors.jurisdictions())
    year, jurisdiction = form.period()
    return form, year, jurisdiction


def _may(request: StaffRequest, permission: Permission) -> bool:
    return roles_grant(request.user.roles, permission)


@requires(Permission.STATS_DASHBOARD_READ)
@require_GET
def index(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "stats/index.html",
        {
            "tables": selectors.tables_for(request.user),
            "every_centre": selectors.sees_every_centre(request.user),
            "rules": selectors.rules_in_force(),
            "may_manage": _may(request, Permission.STATS_RULES_MANAGE),
            "may_read_budgets": _may(request, Permission.STATS_ALL_CENTRES_READ),
            "may_compare": _may(request, Permission.STATS_OVERSIGHT_READ),
        },
    )


@requires(Permission.STATS_DASHBOARD_READ)
@require_GET
def table(request: StaffRequest, key: str) -> HttpResponse:
    form, year, jurisdiction = _period(request)
    released = selectors.released_for(request.user, key, year=year, jurisdiction=jurisdiction)
    return render(
        request,
        "stats/table.html",
        {
            "form": form,
            "released": released,
            "jurisdiction_label": forms.jurisdiction_name(released.scope.jurisdiction) if released.scope.jurisdiction else "",
            "chart": charts.bar_chart(released),
            "query": request.GET.urlencode(),
            "every_centre": selectors.sees_every_centre(request.user),
            "may_release": _may(request, Permission.STATS_RELEASE_CREATE),
        },
    )


@requires(Permission.STATS_OVERSIGHT_READ)
@require_GET
def compare(request: StaffRequest) -> HttpResponse:
    form, year, jurisdiction = _period(request)
    found = selectors.comparisons(selectors.Scope(year=year, jurisdiction=jurisdiction))
    return render(
        request,
        "stats/compare.html",
        {
            "form": form,
            "year": year,
            "jurisdiction_label": forms.jurisdiction_name(jurisdiction) if jurisdiction else "",
            "comparisons": [(c, charts.comparison_charts(c)) for c in found],
            "rules": selectors.rules_in_force(),
            "query": request.GET.urlencode(),
        },
    )


@requires(Permission.STATS_OVERSIGHT_READ)
@require_GET
def compare_csv(request: StaffRequest, key: str) -> HttpResponse:
    _form, year, jurisdiction = _period(request)
    found = selectors.comparison(selectors.Scope(year=year, jurisdiction=jurisdiction), key)
    if found is None:
        raise Http404
    response = HttpResponse(exports.comparison_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="compare-{key}-{year}.csv"'
    return response


@requires(Permission.STATS_DASHBOARD_READ)
@require_GET
def export_csv(request: StaffRequest, key: str) -> HttpResponse:
    _form, year, jurisdiction = _period(request)
    released = selectors.released_for(request.user, key, year=year, jurisdiction=jurisdiction)
    response = HttpResponse(exports.as_csv(released), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}-{year}.csv"'
    return response


@requires(Permission.STATS_DASHBOARD_READ)
@require_GET
def metadata_csv(request: StaffRequest, key: str) -> HttpResponse:
    _form, year, jurisdiction = _period(request)
    released = selectors.released_for(request.user, key, year=year, jurisdiction=jurisdiction)
    response = HttpResponse(exports.metadata_csv(released), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}-{year}-metadata.csv"'
    return response


@requires(Permission.STATS_DASHBOARD_READ)
@require_GET
def export_json(request: StaffRequest, key: str) -> HttpResponse:
    _form, year, jurisdiction = _period(request)
    released = selectors.released_for(request.user, key, year=year, jurisdiction=jurisdiction)
    body = json.dumps(exports.as_json(released), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}-{year}.json"'
    return response


@requires(Permission.STATS_RULES_MANAGE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def rules(request: StaffRequest) -> HttpResponse:
    form = forms.RulesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.release_rules_set(
                actor=request.user, threshold=data["threshold"], unstable_at=data["unstable_at"], reason=data["reason"]
            )
        except StatsRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Recorded. From now on every table, chart and export hides counts of 1 to %(threshold)s"
                    " and marks rates on %(unstable)s or fewer events as unstable."
                )
                % {"threshold": data["threshold"], "unstable": data["unstable_at"]},
            )
            return redirect("stats:rules")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "rules": selectors.rules_in_force(), "history": selectors.rule_history()}
    return render(request, "stats/rules.html", context, status=status)


@requires(Permission.STATS_ALL_CENTRES_READ)
@require_GET
def budgets(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "stats/budgets.html",
        {"lines": selectors.budget_overview(), "may_manage": _may(request, Permission.STATS_RULES_MANAGE)},
    )


@requires(Permission.STATS_RULES_MANAGE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def budget_set(request: StaffRequest) -> HttpResponse:
    form = forms.BudgetForm(request.POST or None, datasets=selectors.datasets())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.privacy_budget_set(
                actor=request.user, dataset=data["dataset"], year=data["year"], epsilon=data["epsilon"]
            )
        except StatsRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Recorded: research releases of %(dataset)s may spend ε = %(epsilon)s in %(year)s."
                    " This budget cannot be raised later."
                )
                % {"dataset": selectors.dataset_label(data["dataset"]), "epsilon": data["epsilon"], "year": data["year"]},
            )
            return redirect("stats:budgets")
    status = 400 if request.method == "POST" else 200
    return render(request, "stats/budget_set.html", {"form": form}, status=status)


@requires(Permission.STATS_RELEASE_CREATE)
@require_http_methods(["GET", "POST"])
def release_new(request: StaffRequest, key: str) -> HttpResponse:
    spec = selectors.spec_for(request.user, key)
    form = forms.ResearchReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.research_release_make(
                actor=request.user,
                spec=spec,
                scope=selectors.scope_for(request.user, year=data["year"]),
                epsilon=data["epsilon"],
            )
        except StatsRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Released. ε = %(epsilon)s was spent from the %(dataset)s budget.")
                % {"epsilon": data["epsilon"], "dataset": spec.budget_dataset_label},
            )
            return redirect("stats:release_detail", release_id=made.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "stats/release_new.html", {"form": form, "spec": spec}, status=status)


@requires(Permission.STATS_ALL_CENTRES_READ)
@require_GET
def release_detail(request: StaffRequest, release_id: UUID) -> HttpResponse:
    made = selectors.research_release_get(release_id)
    spec = selectors.table_spec(made.table)
    rows = selectors.research_release_rows(made)
    return render(request, "stats/release_detail.html", {"release": made, "spec": spec, "rows": rows})
