from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cop.languages import current_language

from .forms import SiteSearchForm
from .glossary import query_from
from .providers import search_providers


@require_GET
def search(request):
    """The site search: one tab per app that has a `search` hook, the open one's results."""
    providers = search_providers()
    if not providers:
        raise Http404
    key = request.GET.get("in") or providers[0].key
    active = next((provider for provider in providers if provider.key == key), None)
    if active is None:
        raise Http404  # no link of ours names another tab
    form = SiteSearchForm(request.GET, extra_fields=active.filter_fields(request.user))
    # The filters stay open when one is set or refused (a phone shows the results first).
    filtered = any(request.GET.get(name) for name in form.fields if name != "q") or (
        form.is_bound and not form.is_valid()
    )
    context = {"form": form, "active": active, "query": None, "filtered": filtered}
    counts = {}
    if form.is_valid() and form.cleaned_data["q"]:
        query = query_from(form.cleaned_data["q"])
        context["query"] = query
        if query:
            filters = {name: value for name, value in form.cleaned_data.items() if name != "q"}
            context["page"] = active.search(
                request.user,
                query,
                filters=filters,
                page_number=request.GET.get("page"),
                language=current_language(),
            )
            # The other tabs say how much they hold for the same words and language.
            for provider in providers:
                counts[provider.key] = (
                    context["page"].paginator.count
                    if provider is active
                    else provider.count(
                        request.user, query, filters={"language": filters["language"]}
                    )
                )
    context["tabs"] = [
        {"provider": provider, "count": counts.get(provider.key)} for provider in providers
    ]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "search/search.html", context, status=status)
