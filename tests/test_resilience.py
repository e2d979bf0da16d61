"""The deployment's processes survive their infrastructure: a Redis outage during
edits and job requests, a worker killed mid-job (docs/OPERATIONS.md).

Real processes throughout: gunicorn with two workers, a prefork Celery worker and
beat, against the test database and a redis-server of the test's own (broker and
cache), which the test kills and starts again. Every wait polls with a generous
deadline; nothing asserts how long something took.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from annotations import roles, services
from annotations.models import (
    Article,
    Claim,
    Notification,
    PendingRescan,
    ScanRun,
    Source,
    SourcingGap,
)
from annotations.sourcing import scanner
from reports import services as report_services
from reports import snapshot as report_snapshot
from reports.models import ExportJob, ReportRevision
from tests import factories
from tests.report_fixtures import approve_claim
from tests.reports.snapshots import synthetic_snapshot
from tests.support_jobs import (
    RedisServer,
    free_port,
    kill,
    process_env,
    start_beat,
    start_web,
    start_worker,
    stop,
    tail,
    wait_for,
)
from tests.worker import make_broker_unreachable

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def many_claims(n: int) -> tuple[Article, list[Claim]]:
    """One article of `n` check-worthy claims, each opening one no_source gap."""
    body = " ".join(f"Sales rose {i} percent in 2023." for i in range(n))
    article = Article.objects.create(
        workspace=roles.ensure_first_workspace(), title="Many claims", body=body
    )
    claims, cursor = [], 0
    for i in range(n):
        text = f"Sales rose {i} percent in 2023."
        start = body.index(text, cursor)
        cursor = start + len(text)
        claims.append(
            Claim(
                article=article, start=start, end=cursor, text=text, checkworthiness=0.9
            )
        )
    return article, Claim.objects.bulk_create(claims)


def published_report(editor):
    """A published report of one approved claim (its approver has no e-mail)."""
    article = factories.ArticleFactory()
    claim, *_ = factories.claims_for(article, checkworthiness=0.9)
    approve_claim(claim, reviewer=factories.UserFactory(role="reviewer"), editor=editor)
    return report_services.article_publish(
        article=article, user=editor, override_reason="One claim first."
    )


def mails(folder) -> list[str]:
    """The subjects of every e-mail the file backend wrote."""
    return [
        line
        for path in sorted(folder.glob("*"))
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    ]


def session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def csrf_post(web: httpx.Client, page: str, action: str) -> httpx.Response:
    """Submit a page's form as a browser would: the CSRF token from the page."""
    html = web.get(page).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return web.post(action, data={"csrfmiddlewaretoken": token})


def health(base: str) -> dict:
    return httpx.get(f"{base}/health/", timeout=30).json()


def redis_env(redis: RedisServer) -> dict:
    """The test's Redis as broker (database 0) and cache (database 1)."""
    return {
        "CELERY_BROKER_URL": redis.url(0),
        "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "CACHE_LOCATION": redis.url(1),
    }


@pytest.fixture
def own_broker(tmp_path, settings):
    """A broker (and shared cache) of this test's own, of the kind the suite runs
    on: a redis-server of its own when the suite uses Redis, else the filesystem
    transport in a folder of its own. No other worker takes its messages."""
    redis = None
    if settings.CELERY_BROKER_URL.startswith("redis"):
        redis = RedisServer(tmp_path)
        redis.start()
        env = redis_env(redis)
    else:
        env = {
            "CELERY_BROKER_URL": "filesystem://localhost//",
            "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
            "CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "CACHE_LOCATION": str(tmp_path / "cache"),
        }
    # This process reads the same cache as the processes it starts.
    settings.CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.FailSafeCache",
            "LOCATION": env["CACHE_LOCATION"],
            "OPTIONS": {"BACKEND": env["CACHE_BACKEND"]},
        }
    }
    try:
        yield env
    finally:
        if redis is not None:
            redis.stop()


def fast_jobs_env(broker: dict, tmp_path, **extra) -> dict:
    """Every process on the test's broker and cache, with short leases, heartbeats
    and reaper turns."""
    return process_env(
        **{
            **broker,
            "FACTCHECK_JOB_REAP_SECONDS": 2,
            "FACTCHECK_JOB_LEASE_SECONDS": 6,
            "FACTCHECK_JOB_RESEND_SECONDS": 20,
            "FACTCHECK_WORKER_HEARTBEAT_SECONDS": 1,
            "FACTCHECK_WORKER_STALE_SECONDS": 10,
            "FACTCHECK_HEALTH_CACHE_SECONDS": 0.5,
            "FACTCHECK_BROKER_RETRY_SECONDS": 1,
            "FACTCHECK_CACHE_RETRY_SECONDS": 1,
            "FACTCHECK_BEAT_RETRY_SECONDS": 1,
            "FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS": 0.5,
            "FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE": 3,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": tmp_path / "mail",
            **extra,
        }
    )


def assert_never_two_full_scans_at_once() -> None:
    """Full scans follow one another: each started after the one before finished."""
    runs = list(ScanRun.objects.filter(scope="full").order_by("started_at", "pk"))
    for earlier, later in itertools.pairwise(runs):
        assert earlier.finished_at is not None, (earlier, later)
        assert later.started_at >= earlier.finished_at, (earlier, later)


def test_a_redis_outage_during_edits_and_job_requests_loses_nothing(
    scale_in_transactional_db, tmp_path, monkeypatch
):
    """Redis (broker and cache) is killed while a full scan runs, and edits, an
    assignment (an e-mail), a PDF export, a scan request and a due link check come
    in. No request answers 500, every write is saved, the desk says background work
    is paused; the worker stays up, and once Redis is back every one of those jobs
    runs, each once, without anyone pressing anything."""
    # The test process's own sends (during setup) go nowhere; the rows they leave
    # are the work the deployment's processes must find.
    make_broker_unreachable(monkeypatch)
    editor = factories.UserFactory(role="editor", username="eddie")
    rita = factories.UserFactory(
        role="reviewer", username="rita", email="rita@example.org"
    )
    _, token = services.api_token_create(user=editor, name="resilience test")
    article, claims = many_claims(600)
    revision = published_report(editor)
    dead_link = Source.objects.create(
        title="A page on a closed port",
        url=f"http://127.0.0.1:{free_port()}/gone",
        normalized_url="http://127.0.0.1/gone",
        domain="127.0.0.1",
    )
    (tmp_path / "mail").mkdir()

    redis = RedisServer(tmp_path)
    redis.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = fast_jobs_env(
        redis_env(redis),
        tmp_path,
        FACTCHECK_PDF_INLINE_MAX_CLAIMS=0,  # every PDF through the worker
        FACTCHECK_ALLOW_PRIVATE_URLS=1,  # the link check may try 127.0.0.1
        FACTCHECK_GAP_SCAN_BATCH_SIZE=50,
        FACTCHECK_GAP_SCAN_BATCH_PAUSE=0.2,  # a scan that runs across the outage
    )
    logs = {name: tmp_path / f"{name}.log" for name in ("worker", "beat", "web")}
    worker = start_worker(logs["worker"], env)
    beat = start_beat(logs["beat"], env)
    web_server = start_web(logs["web"], env, port)
    api = httpx.Client(
        base_url=f"{base}/api/v1",
        headers={"Authorization": f"Token {token}"},
        timeout=60,
    )
    web = httpx.Client(base_url=base, cookies=session_cookie(editor), timeout=60)
    try:
        wait_for(
            lambda: (
                _answers(base)
                and health(base)["checks"]["worker"]["status"] == "ok"
                # Beat is connected (it sent a task), as in a desk that runs.
                and "Sending due task" in logs["beat"].read_text(errors="replace")
            ),
            what="the web server answers, a worker reported and beat sent a task",
        )
        # A full scan, running when Redis goes (its task unacknowledged: the case
        # that used to end the worker).
        assert csrf_post(web, "/gaps/", "/gaps/scan/start/").status_code == 302
        run = wait_for(
            lambda: ScanRun.objects.filter(status="running", done__gt=0).first(),
            what="the full scan is running",
            interval=0.05,
        )

        redis.stop()

        # Edits through the API: saved, never a 500.
        cited = claims[0]
        response = api.post(
            "/citations/",
            json={
                "claim": cited.pk,
                "source_url": "https://wire.example/story",
                "source_title": "Wire story",
                "stance": "supports",
            },
        )
        assert response.status_code == 201, response.text
        assigned = claims[1]
        response = api.post(
            f"/claims/{assigned.pk}/assign/",
            json={"assignees": [rita.pk], "version": assigned.version},
        )
        assert response.status_code == 200, response.text
        assert api.get(f"/claims/?article={article.pk}&limit=5").status_code == 200
        assert cited.citations.count() == 1
        assert PendingRescan.objects.filter(claim_id=cited.pk).exists()
        note = Notification.objects.get(recipient=rita, kind="assigned")
        assert note.email_due_at is not None
        assert note.emailed_at is None

        # The desk says what it means; the public report and its exports answer.
        page = web.get("/gaps/")
        assert page.status_code == 200
        assert "Background work is paused." in page.text
        public = httpx.Client(base_url=base, timeout=60)
        report = f"/reports/{revision.article_id}"
        assert public.get(f"{report}/").status_code == 200
        markdown = public.get(f"{report}/export/md/")
        assert markdown.status_code == 200
        assert markdown.text.startswith("#")
        pdf = public.get(f"{report}/export/pdf/")
        assert pdf.status_code == 202
        assert "renders by itself when it is back" in pdf.text
        job = ExportJob.objects.get(revision=revision, format="pdf")
        assert (job.status, job.sent_at) == ("queued", None)
        # A second scan asked for meanwhile is not a second scan: while the first is
        # unfinished the request joins it (the first may also have finished in the
        # meantime, on a fast machine; then a new one is right, never two at once).
        assert csrf_post(web, "/gaps/", "/gaps/scan/start/").status_code == 302
        assert_never_two_full_scans_at_once()

        # A periodic link check falls due while the broker is down.
        _schedule_link_check(dead_link)
        wait_for(
            lambda: "Could not send" in logs["beat"].read_text(errors="replace"),
            what="beat tried to send a due task during the outage",
        )
        state = health(base)
        assert state["status"] == "degraded"
        assert state["checks"]["database"]["status"] == "ok"
        assert state["checks"]["broker"]["status"] == "down"
        assert state["checks"]["cache"]["status"] == "degraded"
        assert worker.poll() is None, tail(logs["worker"])

        redis.start()
        back = time.monotonic()

        done = {
            "the scan": lambda: ScanRun.objects.filter(
                pk=run.pk, status="finished"
            ).exists(),
            "the rescans": lambda: not PendingRescan.objects.exists(),
            "the e-mail": lambda: Notification.objects.filter(
                pk=note.pk, emailed_at__isnull=False
            ).exists(),
            "the PDF": lambda: ExportJob.objects.filter(
                pk=job.pk, status="done"
            ).exists(),
            "the link check": lambda: Source.objects.filter(
                pk=dead_link.pk, link_checked_at__isnull=False
            ).exists(),
        }

        def outstanding() -> list[str]:
            return [name for name, finished in done.items() if not finished()]

        wait_for(
            lambda: not outstanding(),
            what=lambda: (
                f"still waiting for {', '.join(outstanding())} "
                f"after Redis came back\n{tail(logs['worker'])}"
            ),
        )
        caught_up = time.monotonic() - back
        print(f"caught up {caught_up:.1f} s after Redis came back")

        assert worker.poll() is None, tail(logs["worker"])  # never restarted
        assert "Unrecoverable error" not in logs["worker"].read_text()
        # Each job once: the scan finished once (and never beside another), one
        # e-mail, one rendering.
        assert_never_two_full_scans_at_once()
        assert mails(tmp_path / "mail") == [
            "Subject: [Fact-check desk] Assigned to you"
        ]
        job.refresh_from_db()
        assert job.attempts == 1
        assert job.error == ""
        open_kinds = set(
            SourcingGap.objects.filter(
                claim=cited, resolved_at__isnull=True
            ).values_list("kind", flat=True)
        )
        assert "no_source" not in open_kinds
        assert "single_source" in open_kinds

        # The rendered PDF is in Redis; each web process reads it there once its
        # own cache has tried Redis again (FACTCHECK_CACHE_RETRY_SECONDS after the
        # outage). Asked before that, a process misses it and answers the progress
        # page (202), which reloads itself, as a reader's browser would here.
        def served():
            answer = public.get(f"{report}/export/pdf/")
            assert answer.status_code in (200, 202), answer.status_code
            return answer if answer.status_code == 200 else None

        pdf = wait_for(
            served, interval=0.5, what="the PDF is served once the cache is back"
        )
        assert pdf.content.startswith(b"%PDF")
        wait_for(lambda: health(base)["status"] == "ok", what="health is ok again")
        # Each of the two web processes reads the broker's state through its own
        # short-lived cache: the one that answers the page may still hold "paused"
        # for a moment after the one that answered /healthz saw it back.
        wait_for(
            lambda: "Background work is paused." not in web.get("/gaps/").text,
            timeout=30,
            what="the pages stop saying background work is paused",
        )
        assert not re.search(r'" 5\d\d ', logs["web"].read_text()), tail(logs["web"])
    finally:
        for process in (web_server, beat, worker):
            stop(process)
        if redis.process is not None:
            redis.stop()


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _schedule_link_check(source: Source) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    hourly = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(
        name=f"check one link {uuid.uuid4().hex[:8]}",
        task="annotations.check_links",
        interval=hourly,
        kwargs=json.dumps({"source_ids": [source.pk]}),
        start_time=timezone.now(),
    )


def large_revision(claims: int) -> ReportRevision:
    """A published revision of a synthetic report whose PDF takes seconds to render."""
    snapshot = synthetic_snapshot(claims)
    return ReportRevision.objects.create(
        article=factories.ArticleFactory(),
        number=1,
        snapshot_json=report_snapshot.canonical_bytes(snapshot).decode(),
        sha256=report_snapshot.sha256(snapshot),
        content_sha256=report_snapshot.content_sha256(snapshot),
        published_at=timezone.now(),
    )


def test_a_worker_killed_while_rendering_a_pdf_renders_it_once_after_restart(
    transactional_db, tmp_path, own_broker
):
    """kill -9 of the whole worker mid-render: the job stays "rendering" only until
    its lease lapses; beat's reaper queues it again and the restarted worker renders
    it. It finishes once: one rendering completes, and a message delivered again
    afterwards changes nothing."""
    # 1,000 claims: about 2.5 s of CPU with Typst (docs/PERFORMANCE.md), so the
    # worker is still rendering when it is killed; 120 took seconds with WeasyPrint.
    revision = large_revision(1000)
    # Asked for while no worker ran, its message never sent: the reaper sends it.
    job = ExportJob.objects.create(revision=revision, format="pdf")
    env = fast_jobs_env(own_broker, tmp_path, FACTCHECK_JOB_LEASE_SECONDS=3)
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second", "beat")}
    beat = start_beat(logs["beat"], env)
    first = start_worker(logs["first"], env)
    second = None
    try:
        wait_for(
            lambda: ExportJob.objects.filter(pk=job.pk, status="running").exists(),
            interval=0.05,
            what=lambda: f"the PDF is rendering\n{tail(logs['first'])}",
        )
        kill(first)
        job.refresh_from_db()
        assert (job.status, job.attempts) == ("running", 1)

        second = start_worker(logs["second"], env)
        wait_for(
            lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(),
            what=lambda: f"the PDF is rendered\n{tail(logs['second'])}",
        )
        job.refresh_from_db()
        assert (job.attempts, job.error) == (2, "")
        assert job.size > 10_000
        finished_at = job.finished_at
        # The first worker's message, delivered again (as Redis does once its
        # visibility timeout passes): the job is done, nothing is rendered again.
        from reports import services as export_services

        assert export_services.export_run(job_id=job.pk).finished_at == finished_at
    finally:
        for process in (second, first, beat):
            if process is not None:
                stop(process)
    rendered = [
        line
        for name in ("first", "second")
        for line in logs[name].read_text().splitlines()
        if "reports.render_export" in line and "'status': 'done'" in line
    ]
    assert len(rendered) == 1, rendered


def test_a_worker_killed_mid_scan_finishes_the_scan_once_after_restart(
    transactional_db, tmp_path, own_broker
):
    """kill -9 of the whole worker during a full scan asked for from the
    dashboard: the run's heartbeat stops, beat's reaper sends the scan again, and
    the restarted worker takes the run over from its cursor and finishes it: one
    run, every claim scanned once."""
    _, claims = many_claims(600)
    run, created = scanner.request_scan()
    assert created
    env = fast_jobs_env(
        own_broker,
        tmp_path,
        FACTCHECK_GAP_SCAN_BATCH_SIZE=50,
        FACTCHECK_GAP_SCAN_BATCH_PAUSE=0.3,
    )
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second", "beat")}
    beat = start_beat(logs["beat"], env)
    first = start_worker(logs["first"], env)
    second = None
    try:
        wait_for(
            lambda: ScanRun.objects.filter(pk=run.pk, done__gte=100).exists(),
            interval=0.05,
            what=lambda: f"the scan is under way\n{tail(logs['first'])}",
        )
        kill(first)
        run.refresh_from_db()
        assert run.status == "running"
        assert 0 < run.done < 600

        second = start_worker(logs["second"], env)
        wait_for(
            lambda: ScanRun.objects.filter(pk=run.pk, status="finished").exists(),
            what=lambda: f"the scan finished\n{tail(logs['second'])}",
        )
    finally:
        for process in (second, first, beat):
            if process is not None:
                stop(process)
    run.refresh_from_db()
    assert (run.done, run.total, run.takeovers) == (600, 600, 1)
    assert ScanRun.objects.count() == 1
    open_gaps = SourcingGap.objects.filter(resolved_at__isnull=True)
    assert open_gaps.count() == 600
    assert set(open_gaps.values_list("claim_id", flat=True)) == {c.pk for c in claims}
