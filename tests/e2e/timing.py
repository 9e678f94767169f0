"""Upload to verdict on screen, timed by the browser's own clock.

Timed from Python, the wait would include Playwright's own delays (under
load, its driver notices a new page a few hundred ms late). Instead
:data:`RECORD_PAGES`, added to a page's context with ``add_init_script``,
notes for each document the moment its answer began to arrive; the time is
from the photo page's first arrival (the upload's answer) to the first
paint of the page that shows the verdict (that page's own, or the reload
after the photo was made).
"""

from __future__ import annotations

#: Runs at the start of every document (Playwright injects it: the CSP does not apply).
RECORD_PAGES = """
(() => {
  const note = () => {
    const [entry] = performance.getEntriesByType("navigation");
    if (!entry) return;
    const seen = JSON.parse(sessionStorage.getItem("arrivals") || "[]");
    seen.push([location.pathname, performance.timeOrigin + entry.responseStart]);
    sessionStorage.setItem("arrivals", JSON.stringify(seen));
  };
  document.addEventListener("DOMContentLoaded", note, { once: true });
})();
"""

#: On the verdict's page: seconds from the photo page's first arrival to this page's
#: first paint (its first-contentful-paint, else the end of DOMContentLoaded).
VERDICT_SECONDS = """
async () => {
  const painted = await new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      const fcp = list.getEntries().find((e) => e.name === "first-contentful-paint");
      if (fcp) { observer.disconnect(); resolve(fcp.startTime); }
    }).observe({ type: "paint", buffered: true });
    setTimeout(() => resolve(performance.getEntriesByType("navigation")[0]
                                        .domContentLoadedEventEnd), 2000);
  });
  const seen = JSON.parse(sessionStorage.getItem("arrivals") || "[]");
  sessionStorage.removeItem("arrivals");
  const first = seen.find(([path]) => path === location.pathname);
  return first ? (performance.timeOrigin + painted - first[1]) / 1000 : null;
}
"""


def verdict_seconds(page) -> float:
    """Upload to verdict on screen, in seconds, once ``#verdict`` shows on ``page``."""
    seconds = page.evaluate(VERDICT_SECONDS)
    assert seconds is not None and seconds >= 0, "the photo page's arrival was not recorded"
    return seconds
