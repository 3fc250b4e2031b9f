// Follows a spreadsheet import: polls its state every second and reloads the page once it is done.
(function () {
  var box = document.getElementById("suivi-import");
  if (!box) { return; }
  var bar = document.getElementById("progression-import");
  var text = document.getElementById("progression-texte");
  function poll() {
    fetch(box.dataset.etat, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.fini) { window.location.reload(); return; }
        bar.value = state.pourcentage;
        bar.textContent = state.pourcentage + " %";
        text.textContent = state.lignes_traitees + " lignes sur " + (state.lignes_total || "?") + " vérifiées.";
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
