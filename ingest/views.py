"""The upload page and the page of an ingest run."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ingest.errors import IngestError
from ingest.forms import UploadForm
from ingest.models import IngestRun
from ingest.runs import run_create
from ingest.tasks import IngestUnavailable, run_enqueue, runs_sweep


def for_editors(permission: str):
    """Sends an anonymous visitor to sign in, and tells a signed-in user without ``permission`` why not."""

    def decorator(view):
        @wraps(view)
        @login_required
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied(
                    _(
                        "Only editors may upload reports and follow their ingestion, and %(username)s "
                        "is not an editor's account. Ask an administrator of this site to make it one."
                    )
                    % {"username": request.user.get_username()}
                )
            return view(request, *args, **kwargs)

        return checked

    return decorator


@for_editors("ingest.add_ingestrun")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = run_create(
                data=upload.read(),
                name=upload.name,
                symbol=form.cleaned_data["symbol"],
                language=form.cleaned_data["language"],
                date=form.cleaned_data["date"],
                user=request.user,
            )
            run_enqueue(run=run)
        except IngestError as error:
            form.add_error("file", str(error))
            status = 400
        except IngestUnavailable:
            messages.error(request, _("Ingestion is unavailable right now; please try again later."))
            status = 503
        else:
            return redirect("ingest-run", run.pk)
    elif request.method == "POST":
        status = 400
    runs = IngestRun.objects.defer("data").select_related("document")[:20]
    return render(request, "ingest/upload.html", {"form": form, "runs": runs}, status=status)


@for_editors("ingest.view_ingestrun")
def run_detail(request, pk):
    runs = IngestRun.objects.defer("data").select_related("document")
    run = get_object_or_404(runs, pk=pk)
    if run.status == IngestRun.Status.RUNNING:
        # A run whose worker died would otherwise be shown, and refresh itself, for ever.
        runs_sweep(run_id=run.pk)
        run = runs.get(pk=pk)
    return render(request, "ingest/run.html", {"run": run})
