// While a photo is made: ask for its status ten times a second for the first
// few seconds (a photo takes a fraction of one), then four times, and show the
// report the moment it is done. Without this script, the page refreshes itself.
(function () {
  const progress = document.getElementById("progress");
  if (!progress) return;
  const url = progress.dataset.statusUrl;
  const started = performance.now();
  function ask() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then((answer) => (answer.ok ? answer.json() : null))
      .then((body) => {
        if (body && (body.status === "ready" || body.status === "failed")) {
          window.location.reload();
        } else {
          // Slower after a minute: a photo this late is stuck, not about to finish.
          const waited = performance.now() - started;
          setTimeout(ask, waited < 5000 ? 100 : waited < 60000 ? 250 : 2000);
        }
      })
      .catch(() => setTimeout(ask, 1000));
  }
  setTimeout(ask, 50);
})();
