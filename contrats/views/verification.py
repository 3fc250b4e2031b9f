"""The public verification page: anyone checks that a contract PDF is the genuine one."""

from django.shortcuts import render

from ..forms import VerificationForm
from ..services.verification import verify


def verifier(request):
    form = VerificationForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("fichier")
        if upload:
            if upload.size > 30 * 1024 * 1024:
                form.add_error("fichier", "Le fichier dépasse 30 Mo : ce n'est pas un contrat du portail.")
            else:
                result = verify(content=upload.read())
        else:
            result = verify(reference=form.cleaned_data["reference"])
    return render(request, "contrats/verifier.html", {"form": form, "resultat": result})


def verifier_reference(request, reference):
    return render(
        request,
        "contrats/verifier.html",
        {"form": VerificationForm(initial={"reference": reference}), "resultat": verify(reference=reference)},
    )
