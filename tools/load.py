"""Load on a running site: concurrent clients upload photos through the API and wait for them.

Run by ``tools/load.sh`` (``make load``) against ``make run-scale`` on loopback,
with the production profile's environment set. Each client has an account
and an API token of its own (made here, erased afterwards); it uploads a
portrait from a varied set (512 px to a 12-megapixel phone frame), polls
until the photo is made, and starts the next, until the time is up. Then it
checks that every accepted upload was made exactly once: no job lost, none
stuck, none failed.

Meanwhile a person uses the studio in Chromium (``tools/browser_probe.py``):
upload, verdict, a second's look, the next upload. Their uploads are the
studio's, which the workers take before the API's queued ones; the time from
each upload's answer to the verdict on their screen is measured.

Prints throughput, upload and end-to-end latency (p50/p95), the studio's
upload-to-verdict time (p50/p95), errors, lost jobs and the memory of each
web and worker process; ``--json`` writes the same figures to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass
class Tally:
    """What the clients saw, shared between their threads (append-only lists)."""

    upload_s: list[float] = field(default_factory=list)
    made_s: list[float] = field(default_factory=list)
    photo_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    clients: int
    seconds: float
    task_workers: int
    photos_made: int
    photos_per_second: float
    photos_per_second_per_worker: float
    upload_p50_ms: float
    upload_p95_ms: float
    made_p50_s: float
    made_p95_s: float
    studio_uploads: int
    studio_verdict_p50_ms: float
    studio_verdict_p95_ms: float
    studio_queued_p95_ms: float
    studio_making_p95_ms: float
    errors: int
    lost_jobs: int
    web_rss_mb: list[float]
    worker_rss_mb: list[float]
    first_errors: list[str]


def portraits() -> list[tuple[str, bytes]]:
    """A varied set: small and large, shifted, rotated, mirrored, a 12 MP phone frame."""
    from tests import photos

    variants = [
        ("astronaut-512", photos.astronaut()),
        ("scaled-2x", photos.scaled(2.0).pixels),
        ("rotated-10", photos.rotated(10).pixels),
        ("mirrored", photos.mirrored().pixels),
        ("phone-12mp", photos.in_large_frame(4000, 3000, factor=3.0).pixels),
    ]
    return [(name, photos.encode(rgb, quality=90)) for name, rgb in variants]


def make_accounts(count: int, run: str) -> list[tuple[object, str]]:
    from django.utils import timezone

    from anyidphoto.web.accounts.models import User
    from anyidphoto.web.api.models import ApiToken

    made = []
    for n in range(count):
        user = User.objects.create_user(
            email=f"load-{run}-{n}@example.invalid", age_confirmed_at=timezone.now()
        )
        made.append(
            (user, ApiToken.issue(owner=user, name="load test", scope=ApiToken.Scope.WRITE)[1])
        )
    return made


def make_studio_person(run: str) -> tuple[object, str]:
    """A verified account that signs in with a password, as a person in the studio does."""
    import secrets

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from anyidphoto.web.accounts.models import User

    email, password = f"load-{run}-studio@example.invalid", secrets.token_urlsafe(16)
    user = User.objects.create_user(email=email, password=password, age_confirmed_at=timezone.now())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, password


def client(url: str, token: str, pictures, deadline: float, tally: Tally, n: int) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    turn = n
    while time.monotonic() < deadline:
        name, data = pictures[turn % len(pictures)]
        turn += 1
        start = time.monotonic()
        try:
            answer = session.post(
                f"{url}/api/v1/photos",
                data={"document": "us-passport"},
                files={"file": (f"{name}.jpg", data, "image/jpeg")},
                timeout=60,
            )
        except requests.RequestException as error:
            tally.errors.append(f"upload {name}: {error}")
            continue
        tally.upload_s.append(time.monotonic() - start)
        if answer.status_code != 201:
            tally.errors.append(f"upload {name}: HTTP {answer.status_code} {answer.text[:200]}")
            continue
        photo_id = answer.json()["id"]
        tally.photo_ids.append(photo_id)
        status = wait_made(session, url, photo_id)
        if status != "ready":
            tally.errors.append(f"photo {photo_id} ({name}): {status}")
            continue
        tally.made_s.append(time.monotonic() - start)


def wait_made(session: requests.Session, url: str, photo_id: str, timeout: float = 180) -> str:
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        try:
            answer = session.get(f"{url}/api/v1/photos/{photo_id}", timeout=30)
        except requests.RequestException as error:
            return f"poll failed: {error}"
        if answer.status_code != 200:
            return f"poll: HTTP {answer.status_code}"
        status = answer.json()["status"]
        if status not in {"queued", "processing"}:
            return status
        time.sleep(0.5)
    return f"not made within {timeout} s"


def lost_jobs(photo_ids: list[str], *, since) -> int:
    """Accepted uploads not made exactly once: not ready, or their task not a single success."""
    from django_tasks_db.models import DBTaskResult

    from anyidphoto.web.studio.models import Photo

    ready = set(
        str(i)
        for i in Photo.objects.filter(id__in=photo_ids, status="ready").values_list("id", flat=True)
    )
    runs: dict[str, int] = {}
    results = DBTaskResult.objects.filter(
        task_path__endswith="process_photo", enqueued_at__gte=since
    )
    for result in results.iterator():
        photo_id = result.args_kwargs.get("args", [None])[0]
        if photo_id in ready and result.status == "SUCCESSFUL":
            runs[photo_id] = runs.get(photo_id, 0) + 1
    return sum(1 for photo_id in photo_ids if runs.get(photo_id) != 1)


def studio_task_times(since) -> tuple[list[float], list[float]]:
    """(seconds queued, seconds making) of the studio's photos, from their task rows."""
    from django_tasks_db.models import DBTaskResult

    from anyidphoto.web.operations.workers import INTERACTIVE_PRIORITY

    queued, making = [], []
    rows = DBTaskResult.objects.filter(
        priority=INTERACTIVE_PRIORITY, enqueued_at__gte=since, finished_at__isnull=False
    )
    for row in rows.only("enqueued_at", "started_at", "finished_at"):
        queued.append((row.started_at - row.enqueued_at).total_seconds())
        making.append((row.finished_at - row.started_at).total_seconds())
    return queued, making


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def processes(run_dir: Path) -> tuple[list[int], list[int]]:
    """(gunicorn web processes, task workers) from the pid files of ``make run-scale``."""
    web, workers = [], []
    master = run_dir / "gunicorn.pid"
    if master.exists():
        parent = master.read_text().strip()
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if f"\nPPid:\t{parent}\n" in text:
                web.append(int(status.parent.name))
    for pidfile in sorted(run_dir.glob("worker-*.pid")):
        workers.append(int(pidfile.read_text()))
    return web, workers


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "var/scale/run")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anyidphoto.web.settings")
    import django

    django.setup()
    from django.conf import settings

    # The load accounts are erased at the end; their goodbye mail goes nowhere.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    from django.utils import timezone

    from anyidphoto.web.privacy.rights import account_erase

    pictures = portraits()
    run = time.strftime("%Y%m%d%H%M%S")
    began = timezone.now()
    accounts = make_accounts(args.clients, run)
    person, password = make_studio_person(run)
    web, workers = processes(args.run_dir)
    tally = Tally()
    peak_web = {pid: 0.0 for pid in web}
    peak_workers = {pid: 0.0 for pid in workers}
    start = time.monotonic()
    deadline = start + args.seconds
    threads = [
        threading.Thread(
            target=client, args=(args.url, token, pictures, deadline, tally, n), daemon=True
        )
        for n, (_, token) in enumerate(accounts)
    ]
    studio: dict[str, list] = {}

    def in_the_studio() -> None:
        from browser_probe import probe  # beside this script

        studio["seconds"], studio["errors"] = probe(
            args.url, person.email, password, pictures, deadline
        )

    threads.append(threading.Thread(target=in_the_studio, daemon=True))
    for thread in threads:
        thread.start()
    print(f"load: {args.clients} clients for {args.seconds:.0f} s on {args.url}", flush=True)
    terminal = sys.stderr.isatty()
    while any(thread.is_alive() for thread in threads):
        for table in (peak_web, peak_workers):
            for pid in table:
                table[pid] = max(table[pid], rss_mb(pid))
        elapsed = time.monotonic() - start
        line = (
            f"load: {elapsed:5.0f} s, {len(tally.made_s)} photos made, {len(tally.errors)} errors"
        )
        if terminal:
            print(f"\r{line}", end="", flush=True, file=sys.stderr)
        elif round(elapsed) % 15 == 0:
            print(line, flush=True, file=sys.stderr)
        time.sleep(1)
    if terminal:
        print(file=sys.stderr)
    elapsed = time.monotonic() - start
    lost = lost_jobs(tally.photo_ids, since=began)
    tally.errors.extend(studio.get("errors", ["the studio's browser did not finish"]))
    studio_s = studio.get("seconds", [])
    queued_s, making_s = studio_task_times(began)
    made = len(tally.made_s)
    figures = Figures(
        clients=args.clients,
        seconds=round(elapsed, 1),
        task_workers=len(workers),
        photos_made=made,
        photos_per_second=round(made / elapsed, 2),
        photos_per_second_per_worker=round(made / elapsed / max(1, len(workers)), 2),
        upload_p50_ms=round(percentile(tally.upload_s, 50) * 1000, 1),
        upload_p95_ms=round(percentile(tally.upload_s, 95) * 1000, 1),
        made_p50_s=round(percentile(tally.made_s, 50), 2),
        made_p95_s=round(percentile(tally.made_s, 95), 2),
        studio_uploads=len(studio_s),
        studio_verdict_p50_ms=round(percentile(studio_s, 50) * 1000),
        studio_verdict_p95_ms=round(percentile(studio_s, 95) * 1000),
        studio_queued_p95_ms=round(percentile(queued_s, 95) * 1000),
        studio_making_p95_ms=round(percentile(making_s, 95) * 1000),
        errors=len(tally.errors),
        lost_jobs=lost,
        web_rss_mb=sorted(peak_web.values()),
        worker_rss_mb=sorted(peak_workers.values()),
        first_errors=tally.errors[:5],
    )
    for user in [person, *(user for user, _ in accounts)]:
        account_erase(user=user)
    print(json.dumps(asdict(figures), indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(figures), indent=2) + "\n")
    ok = figures.errors == 0 and figures.lost_jobs == 0 and made > 0 and studio_s
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
