from django.core.exceptions import ValidationError


def refusal_text(error: Exception) -> str:
    """The French sentence of a service's refusal, whether a ValidationError or a PermissionDenied."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one, on top otherwise."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def submit_form(request, form, action, *, success, then):
    """On a valid POST, run ``action(cleaned_data)`` (a service call) and redirect with ``success``.

    Returns the redirect, or None when the page must be shown again: a GET, an invalid form, or a
    service that refused the data (its French messages are then on the form, and the input kept).
    ``success`` and ``then`` may be callables of the action's result.
    """
    from django.contrib import messages
    from django.shortcuts import redirect

    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result) if callable(then) else then)


def confirm_then(request, action, *, page: dict, success: str, then: str, back: str):
    """A destructive or final action behind a confirmation page: a GET shows ``page`` (the
    confirmation template's titre, texte and bouton), a POST runs ``action()`` (a service call) and
    redirects to ``then``, or back to ``back`` with the service's French refusal."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    if request.method != "POST":
        return render(request, "confirm.html", {**page, "retour": back})
    try:
        action()
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect(back)
    messages.success(request, success)
    return redirect(then)
