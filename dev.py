#!/usr/bin/env python3
"""The project's two commands: `python3 dev.py run` and `python3 dev.py test`.

Needs only Python 3.11: it creates .venv, installs the pinned requirements (again only
when they change), then either starts the whole app on the embedded defaults (SQLite,
a filesystem Celery broker, a real worker and beat) or runs the test suite.
"""

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
VAR = Path(os.environ.get("FACTCHECK_VAR_DIR", ROOT / "var"))
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def ensure_venv() -> None:
    """Create the virtualenv and install the requirements when they changed."""
    if not PYTHON.exists():
        say("Creating the virtualenv in .venv")
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256(
        b"".join((ROOT / name).read_bytes() for name in REQUIREMENTS)
    )
    stamp = VENV / ".requirements.sha256"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    say("Installing the pinned requirements")
    subprocess.run(
        [PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", ROOT / "requirements-dev.txt"],
        check=True,
    )  # fmt: skip
    stamp.write_text(digest.hexdigest())


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, ROOT / "manage.py", *args], check=True, env=env)


def split_address(address: str) -> tuple[str, str]:
    """Host and port of runserver's address argument ("8080", "0.0.0.0:8080",
    "[::1]:8080"); the host defaults to 127.0.0.1 as runserver's does."""
    if address.isdigit():
        return "127.0.0.1", address
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(
            f"Not an address to serve on: {address!r} (try 127.0.0.1:8000)"
        )
    return host.strip("[]"), port


def reachable_host() -> str:
    """This machine's address on its network, for links when serving on every
    interface (0.0.0.0 is no address a browser can open). Connecting a UDP socket
    sends nothing; it only picks the interface a packet would leave by."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def serve_env(address: str, environ: dict) -> dict:
    """The environment the web server, worker and beat share when serving on
    `address`: the site's public address (the base of every published link and
    e-mail link) is the address served, and its host is an allowed host, unless
    FACTCHECK_SITE_URL / ALLOWED_HOSTS are set already."""
    env = {**environ}
    env.setdefault("DEBUG", "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    host, port = split_address(address)
    if host in {"0.0.0.0", "::", ""}:
        host = reachable_host()
    shown = f"[{host}]" if ":" in host else host
    env.setdefault("FACTCHECK_SITE_URL", f"http://{shown}:{port}")
    if not env.get("ALLOWED_HOSTS"):
        env["ALLOWED_HOSTS"] = ",".join(dict.fromkeys(["127.0.0.1", "localhost", host]))
    return env


def run(argv: list[str]) -> int:
    """Migrate, load the seeds, serve the app with a worker and beat until Ctrl-C."""
    address = argv[0] if argv else "127.0.0.1:8000"
    env = serve_env(address, os.environ)
    ensure_venv()
    VAR.mkdir(parents=True, exist_ok=True)
    say("Migrating the database")
    manage("migrate", "--no-input", "-v", "0", env=env)
    say("Loading the seed article, rating scale and demo users")
    manage("load_seeds", env=env)
    celery = [PYTHON, "-m", "celery", "-A", "factcheck"]
    logs = {name: VAR / f"{name}.log" for name in ("worker", "beat")}
    # The worker and beat write everything (their banners and warnings included) to
    # their own logs, so the console shows only the web server and what we say here.
    outputs = {name: open(path, "ab") for name, path in logs.items()}  # noqa: SIM115
    # runserver's "development server" warning: dev.py is the development start by
    # definition; the README says how to serve production.
    web_env = {**env, "DJANGO_RUNSERVER_HIDE_WARNING": "true"}
    say("Starting the worker, beat and the web server")
    processes = {
        "worker": subprocess.Popen(
            [*celery, "worker", "-l", "info", "--concurrency", "2",
             "--logfile", logs["worker"], "--pidfile", VAR / "worker.pid"],
            cwd=ROOT, env=env, stdout=outputs["worker"], stderr=subprocess.STDOUT,
        ),
        "beat": subprocess.Popen(
            [*celery, "beat", "-l", "info", "--logfile", logs["beat"],
             "--pidfile", VAR / "beat.pid", "--schedule", VAR / "beat-schedule"],
            cwd=ROOT, env=env, stdout=outputs["beat"], stderr=subprocess.STDOUT,
        ),
        "web": subprocess.Popen(
            [PYTHON, ROOT / "manage.py", "runserver", address, "--noreload"],
            cwd=ROOT, env=web_env,
        ),
    }  # fmt: skip
    subprocess.run(
        [PYTHON, ROOT / "manage.py", "ping_worker", "--timeout", "60"],
        env=env,
        check=False,
    )
    say(
        f"Serving {env['FACTCHECK_SITE_URL']}/  (worker log: {VAR / 'worker.log'})"
        "  Ctrl-C stops"
    )
    logins = VAR / "demo-logins.txt"
    if logins.exists():
        say(f"Demo logins (also in {logins}):")
        print(logins.read_text(), flush=True)
    stopping = []
    # Ctrl-C reaches the children too; note it so their exit is not taken for a crash.
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        if stopping:
            say("Stopping")
            return 0
        stopped = [
            name for name, process in processes.items() if process.poll() is not None
        ]
        say(f"{', '.join(stopped)} stopped; shutting down the rest")
        for name in stopped:
            if name in logs:
                tail = logs[name].read_text(errors="replace").splitlines()[-15:]
                say(f"The end of {logs[name]}:")
                print("\n".join(tail), flush=True)
        return 1
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        for output in outputs.values():
            output.close()


def parallel_options(argv: list[str]) -> list[str]:
    """pytest-xdist options: one test process per core, at most four (each runs its
    own database, and where needed a browser and a Celery worker). Tests go out in
    pytest-django's order (database tests before the transactional ones that flush
    it), in consecutive batches, so each process keeps that order. None when the
    caller chose (`-n 0` runs in this one process, as `--pdb` needs) or there is a
    single core."""
    chosen = {"-n", "--numprocesses", "--dist", "no:xdist"}
    if any(arg in chosen or arg.startswith(("-n", "--numprocesses=")) for arg in argv):
        return []
    processes = min(os.cpu_count() or 1, 4)
    if processes < 2:
        return []
    return ["-n", str(processes), "--dist", "load"]


def test(argv: list[str]) -> int:
    """Run the whole suite (extra arguments go to pytest). Exit 5 (no tests) fails."""
    ensure_venv()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DEBUG", "1")
    command = [PYTHON, "-m", "pytest", *parallel_options(argv), *argv]
    code = subprocess.run(command, cwd=ROOT, env=env).returncode
    if code == 5:
        print("pytest collected no tests: that is a failure here.", file=sys.stderr)
        return 1
    return code


def main() -> int:
    commands = {"run": run, "test": test, "setup": lambda argv: ensure_venv() or 0}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        print("usage: python3 dev.py run [ADDRESS] | test [PYTEST ARGS] | setup")
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
