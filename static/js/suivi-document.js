// Follows the production of a signed contract's PDF and reloads the page when it is ready or failed.
(function () {
  var box = document.getElementById("suivi-document");
  if (!box) { return; }
  var label = document.getElementById("document-etat");
  function poll() {
    fetch(box.dataset.etat, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.fini) { window.location.reload(); return; }
        if (label) { label.textContent = "Production du document : " + state.libelle.toLowerCase() + "."; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1500);
})();
