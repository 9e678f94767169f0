// While a photo is made: ask for its status four times a second and show the
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
          setTimeout(ask, performance.now() - started < 60000 ? 250 : 2000);
        }
      })
      .catch(() => setTimeout(ask, 1000));
  }
  setTimeout(ask, 150);
})();
