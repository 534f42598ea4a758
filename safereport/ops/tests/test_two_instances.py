"""Two app servers behind nginx on one PostgreSQL: faults lose nothing.

The topology of a real deployment, on loopback: a PostgreSQL server of its own
(started here, so it can be restarted), two gunicorn instances, nginx with the
repository's proxy configuration in front. People write to a centre and come
back with their codes, several at once, while a case manager, signed in through
the pages, answers each new contact, and a doctor builds and sends consented
police packages through the preview page. Mid-load one instance is killed with
SIGKILL, and later PostgreSQL is restarted once. Then:

  * every contact that got a receipt is there and readable with its code;
  * no form created two cases (each case spent exactly one form token);
  * no case lacks its first message (nothing half-written);
  * every reply is stored once, also when the worker pressed Send again after
    an answer lost with the killed instance (the reply's one-time token);
  * every package is built once (the preview page's one-time token), none
    half-written: each holds every part it names and has its audit event;
  * `safereport audit verify` passes on the chain both instances wrote;
  * while the database was away, a person saw the calm "nothing was lost,
    please try again" page, never a stack trace.

Runs on the PostgreSQL pass of .ci/run only (see the skip reason).
"""

import contextlib
import http.client
import http.cookiejar
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
PEOPLE_PER_THREAD = 4
THREADS = 6

pytestmark = pytest.mark.django_db


def _with_postgres():
    spec = importlib.util.spec_from_file_location("with_postgres", ROOT / "scripts" / "with_postgres.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


class Postgres:
    def __init__(self, folder: Path):
        self.tools = _with_postgres()
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(folder, user="postgres")
        self.run("initdb", "-D", str(self.data), "-U", "safereport", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")

    def run(self, tool: str, *args: str) -> None:
        command = self.tools.as_server_user([self.tools.find_bin(tool), *args])
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=100"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://safereport@127.0.0.1:{self.port}/{name}"


@dataclass
class Ledger:
    """What the people were told (answered) and what they saw while the database was away."""

    receipts: dict[str, str] = field(default_factory=dict)  # code -> the words of their first message
    tokens_posted: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    unavailable_pages: list[str] = field(default_factory=list)
    # Sent, stored, but the answer with the code was cut by a fault: Send again says "already sent".
    sent_without_code: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Person:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 - loopback http only
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            # The connection dropped mid-answer (the instance was killed): the person saw nothing.
            return 0, path, str(error)


def form_token_of(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]*)"', page)
    return found.group(1) if found else ""


def previewed_of(page: str) -> str:
    found = re.search(r'name="previewed" value="([^"]*)"', page)
    return found.group(1) if found else ""


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def write_and_keep_the_code(base: str, words: str, ledger: Ledger) -> None:
    """One person: open the form, send it (pressing Send again on a failure), keep the code, come back."""
    person = Person(base)
    for _ in range(40):
        status, _, page = person.request("/en/write/")
        token = re.search(r'name="form_token" value="([^"]*)"', page)
        centre = re.search(r'value="([0-9a-f-]{36})"[^<]*>[^<]*(?:<[^>]*>[^<]*){0,3}Ghent', page)
        if status == 200 and token and centre:
            break
        note_unavailable(status, page, ledger)
        time.sleep(0.3)
    else:
        ledger.failures.append("the form never opened")
        return
    form = {
        "csrfmiddlewaretoken": csrf_of(page),
        "form_token": token.group(1),
        "centre": centre.group(1),
        "message": words,
        "help_kinds": ["health"],
        "preferred_language": "en",
        "interpreter_language": "",
        "companion": "no",
        "may_contact": "no",
        "contact_how_and_when": "",
    }
    with ledger.lock:
        ledger.tokens_posted.add(token.group(1))
    code = None
    for _ in range(40):
        status, _, page = person.request("/en/write/", form)
        found = re.search(r'<p class="receipt-code"[^>]*><bdi>([0-9 ]+)</bdi>', page)
        if status == 200 and found:
            code = found.group(1).replace(" ", "")
            break
        if status == 200 and "Your message was already sent" in page:
            # The first send went through but its answer was lost with the instance: the code is shown
            # only once and not kept, and the page says so and how to write again.
            if "we cannot show it again" not in page:
                ledger.failures.append("an 'already sent' page that does not say the code cannot be shown again")
            with ledger.lock:
                ledger.sent_without_code += 1
            return
        note_unavailable(status, page, ledger)
        time.sleep(0.3)  # the person presses Send again: the same form, the same token
    if code is None:
        ledger.failures.append("a form was never answered")
        return
    with ledger.lock:
        ledger.receipts[code] = words
    come_back_and_read(base, code, words, ledger, attempts=40)


def note_unavailable(status: int, page: str, ledger: Ledger) -> None:
    if status in (502, 503, 504):
        with ledger.lock:
            ledger.unavailable_pages.append(page)


def come_back_and_read(base: str, code: str, words: str, ledger: Ledger, *, attempts: int) -> bool:
    for _ in range(attempts):
        person = Person(base)
        status, _, page = person.request("/en/back/")
        if status == 200:
            status, where, page = person.request("/en/back/", {"csrfmiddlewaretoken": csrf_of(page), "code": code})
            if status == 200 and where.endswith("/en/messages/") and words in page:
                return True
        note_unavailable(status, page, ledger)
        time.sleep(0.3)
    ledger.failures.append("a code did not open its messages")
    return False


def staff_signed_in(base: str, env: dict, command: list[str], username: str) -> Person:
    """A worker signs in through the pages: password, then the code from their authenticator."""
    worker = Person(base)
    _, _, page = worker.request("/staff/sign-in/")
    status, where, page = worker.request(
        "/staff/sign-in/",
        {"csrfmiddlewaretoken": csrf_of(page), "username": username, "password": f"demo-{username}-pass"},
    )
    assert status == 200 and where.endswith("/staff/sign-in/code/"), (status, where)
    code = subprocess.run([*command, "demo_totp", username], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()
    status, where, _ = worker.request("/staff/sign-in/code/", {"csrfmiddlewaretoken": csrf_of(page), "token": code})
    assert status == 200 and not where.endswith("/sign-in/code/"), (status, where)
    return worker


@dataclass
class Replies:
    presses: int = 0  # every press of Send, including the second press after a lost answer
    confirmed: int = 0  # replies whose page came back saying they were saved
    replied_to: set[str] = field(default_factory=set)


def reply_to_new_contacts(worker: Person, replies: Replies, stop: threading.Event) -> None:
    """The worker answers each new contact once; a reply whose answer is lost is sent again with the same form.

    Pressing Send again re-sends the form's one-time token (ADR 0032), so the
    second press stores nothing new: it finds the reply saved.
    """
    while not stop.is_set():
        status, _, page = worker.request("/staff/cases/")
        waiting = [] if status != 200 else [
            case_id for case_id in dict.fromkeys(re.findall(r'href="/staff/cases/([0-9a-f-]{36})/"', page))
            if case_id not in replies.replied_to
        ]
        for case_id in waiting[:3]:
            status, _, page = worker.request(f"/staff/cases/{case_id}/")
            if status != 200 or 'name="message"' not in page:
                continue
            replies.replied_to.add(case_id)
            form = {
                "csrfmiddlewaretoken": csrf_of(page),
                "form_token": form_token_of(page),
                "message": f"Reply {len(replies.replied_to)}: come tomorrow at ten.",
            }
            for _press in range(20):
                replies.presses += 1
                status, where, _ = worker.request(f"/staff/cases/{case_id}/reply/", form)
                if status == 200 and where.endswith(f"/staff/cases/{case_id}/"):
                    replies.confirmed += 1
                    break
                time.sleep(0.5)
        time.sleep(0.2)


PACKAGE_CASES = 3
# Cases with something written and the person's consent to the police unit: what a package needs.
PREPARE_PACKAGES = f"""
from django.utils import timezone
from safereport.accounts.models import Organisation, StaffUser
from safereport.cases.models import Case
from safereport.cases import services as cases
from safereport.consent import services as consent
ghent = Organisation.objects.get(name="Care centre Ghent (demo)")
police = Organisation.objects.get(name="Police vice unit Ghent (demo)")
doctor = StaffUser.objects.get(username="doctor")
made = []
for n in range({PACKAGE_CASES}):
    case = Case.objects.create(care_centre=ghent)
    case.assigned_staff.add(doctor)
    cases.encounter_record(case=case, professional=doctor, kind="visit", occurred_at=timezone.now(),
                           texts={{"account_sealed": f"Account {{n}}: he grabbed me at the station."}})
    consent.consent_record(case=case, categories=["incident_account"], purpose="investigation", decision="given",
                           understanding="understood", channel="staff", recipient_organisation=police,
                           explained_by=doctor, language="en")
    made.append(str(case.public_id))
print(police.pk, *made)
"""


@dataclass
class Packages:
    presses: int = 0  # every press of Send, including the presses after a lost answer
    confirmed: int = 0  # packages whose page came back to the case with a sent or already-sent note
    failures: list[str] = field(default_factory=list)


def build_packages(worker: Person, police: str, case_ids: list[str], packages: Packages) -> None:
    """The doctor previews each consented package and sends it, pressing Send again until the page answers.

    Pressing Send again re-sends the preview page's one-time token (ADR 0032 §6),
    so a press after an answer lost with the killed instance builds nothing more.
    """
    for case_id in case_ids:
        time.sleep(1.0)  # spread over the load, so that one build meets a fault
        query = urllib.parse.urlencode({"recipient": police, "purpose": "investigation"})
        for _ in range(40):
            status, _, page = worker.request(f"/staff/consent/cases/{case_id}/packages/preview/?{query}")
            if status == 200 and 'name="previewed"' in page:
                break
            time.sleep(0.3)
        else:
            packages.failures.append("a preview never opened")
            continue
        form = {
            "csrfmiddlewaretoken": csrf_of(page),
            "recipient": police,
            "purpose": "investigation",
            "previewed": previewed_of(page),
            "form_token": form_token_of(page),
        }
        for _ in range(40):
            packages.presses += 1
            status, where, page = worker.request(f"/staff/consent/cases/{case_id}/packages/", form)
            # Back on the case page with "Package sent to …" (success) or "already sent" (info), in the
            # doctor's own staff language; a refusal would say so as an error.
            if status == 200 and where.endswith(f"/staff/consent/cases/{case_id}/") and (
                'class="message-success"' in page or 'class="message-info"' in page
            ):
                packages.confirmed += 1
                break
            time.sleep(0.3)
        else:
            packages.failures.append(f"a package was never confirmed: {status} {where} {page[:300]!r}")


@pytest.fixture
def topology():
    if connection.vendor != "postgresql":
        pytest.skip(
            "two app servers share one database server; the SQLite pass has none (this test starts its own "
            "PostgreSQL and runs on the PostgreSQL pass of .ci/run)"
        )
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert nginx, "nginx is installed by scripts/install-system-packages.sh --for-tests"
    folder = Path(tempfile.mkdtemp(prefix="safereport-two-"))
    processes: dict[str, subprocess.Popen] = {}
    postgres = Postgres(folder)
    postgres.start()
    try:
        subprocess.run([postgres.tools.find_bin("createdb"), "-h", "127.0.0.1", "-p", str(postgres.port),
                        "-U", "safereport", "safereport_keys"], check=True)
        env = {
            **os.environ,
            "SAFEREPORT_ENV": "test",
            "DATABASE_URL": postgres.url("postgres"),
            "SAFEREPORT_KEYSTORE_URL": postgres.url("safereport_keys"),
            "SAFEREPORT_NEW_CONTACTS_PER_10_MINUTES": "10000",
            "SAFEREPORT_WORKERS": "2",
            # The Argon2 slots as in production (ADR 0032 §5), shared by both instances:
            # a worker killed mid-derivation must leave no slot taken.
            "SAFEREPORT_ARGON2_SLOTS": "1",
            "SAFEREPORT_ARGON2_SLOT_FOLDER": str(folder / "argon2-slots"),
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        for name in ("DATABASE_URL_FILE", "SAFEREPORT_KEYSTORE_URL_FILE"):
            env.pop(name, None)
        command = [sys.executable, "-m", "safereport.cli"]
        subprocess.run([*command, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*command, "migrate", "-v0", "--database", "keystore"], env=env, cwd=ROOT, check=True)
        subprocess.run([*command, "demo_data"], env=env, cwd=ROOT, check=True, capture_output=True)
        ports = {"a": free_port(), "b": free_port()}
        for name, port in ports.items():
            processes[name] = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                cwd=ROOT, env={**env, "SAFEREPORT_BIND": f"127.0.0.1:{port}"}, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=(folder / f"gunicorn-{name}.log").open("w"),
            )
        proxy_port = free_port()
        snippet = (ROOT / "deploy" / "nginx" / "safereport-proxy.conf").read_text()
        (folder / "proxy.conf").write_text(snippet.replace("/opt/safereport/deploy/nginx", str(ROOT / "deploy" / "nginx")))
        (folder / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log;\nevents {{}}\n"
            f"http {{ access_log off; client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;\n"
            f"fastcgi_temp_path {folder}/f; uwsgi_temp_path {folder}/u; scgi_temp_path {folder}/s;\n"
            f"upstream safereport_app {{ server 127.0.0.1:{ports['a']} max_fails=1 fail_timeout=5s; "
            f"server 127.0.0.1:{ports['b']} max_fails=1 fail_timeout=5s; keepalive 8; }}\n"
            f"server {{ listen 127.0.0.1:{proxy_port}; include {folder}/proxy.conf; }} }}\n"
        )
        subprocess.run([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")], check=True)
        for port in ports.values():
            wait_for(f"http://127.0.0.1:{port}/healthz/ready")
        yield {"base": f"http://127.0.0.1:{proxy_port}", "postgres": postgres, "processes": processes,
               "env": env, "command": command}
    finally:
        if (folder / "nginx.pid").exists():
            subprocess.run([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-s", "stop"], check=False)
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
        with contextlib.suppress(subprocess.CalledProcessError):
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


def database_rows(postgres: Postgres, sql: str) -> int:
    done = subprocess.run(
        [postgres.tools.find_bin("psql"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "safereport",
         "-d", "postgres", "-tAc", sql],
        check=True, capture_output=True, text=True,
    )
    return int(done.stdout.strip())


PACKAGED_CASES = "SELECT count(DISTINCT case_id) FROM consent_disclosurepackage"
REPLIES = "SELECT count(*) FROM cases_portalmessage WHERE sender = 'centre'"
CASES_REPLIED_TWICE = (
    "SELECT count(*) FROM (SELECT case_id FROM cases_portalmessage WHERE sender = 'centre' "
    "GROUP BY case_id HAVING count(*) > 1) twice"
)


def test_a_killed_instance_and_a_database_restart_lose_nothing(topology):
    base, postgres = topology["base"], topology["postgres"]
    ledger = Ledger()

    def person_thread(number: int) -> None:
        for visit in range(PEOPLE_PER_THREAD):
            write_and_keep_the_code(base, f"Message {number}-{visit}: can I see a doctor tomorrow?", ledger)

    worker = staff_signed_in(base, topology["env"], topology["command"], "case_manager")
    prepared = subprocess.run([*topology["command"], "shell", "--no-imports", "-c", PREPARE_PACKAGES],
                              env=topology["env"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    police, package_cases = prepared[0], prepared[1:]
    doctor = staff_signed_in(base, topology["env"], topology["command"], "doctor")
    packages = Packages()
    packages_before = database_rows(postgres, "SELECT count(*) FROM consent_disclosurepackage")
    packaged_cases_before = database_rows(postgres, PACKAGED_CASES)
    replies_before = database_rows(postgres, REPLIES)
    replied_twice_before = database_rows(postgres, CASES_REPLIED_TWICE)  # the demo world's own conversations
    replies, stop = Replies(), threading.Event()
    threads = [threading.Thread(target=person_thread, args=(n,)) for n in range(THREADS)]
    staff_thread = threading.Thread(target=reply_to_new_contacts, args=(worker, replies, stop))
    package_thread = threading.Thread(target=build_packages, args=(doctor, police, package_cases, packages))
    started = time.monotonic()
    for thread in [*threads, staff_thread, package_thread]:
        thread.start()

    # Mid-load: one app server dies without a chance to finish anything.
    while len(ledger.receipts) < 6 and time.monotonic() - started < 60:
        time.sleep(0.05)
    os.killpg(topology["processes"]["a"].pid, signal.SIGKILL)

    # Later: the database goes away and comes back.
    while len(ledger.receipts) < 12 and time.monotonic() - started < 60:
        time.sleep(0.05)
    postgres.stop()
    status, _, page = Person(base).request("/en/write/")  # a person arriving just then
    assert status == 503, page[:300]
    with ledger.lock:
        ledger.unavailable_pages.append(page)
    time.sleep(1.0)
    postgres.start()

    for thread in threads:
        thread.join(timeout=120)
    package_thread.join(timeout=120)
    stop.set()
    staff_thread.join(timeout=30)
    load_seconds = time.monotonic() - started

    answered = len(ledger.receipts)
    stored = database_rows(postgres, "SELECT count(*) FROM cases_case WHERE receipt_lookup IS NOT NULL")
    spent = database_rows(postgres, "SELECT count(*) FROM core_spentformtoken")
    half_written = database_rows(
        postgres,
        "SELECT count(*) FROM cases_case c WHERE c.receipt_lookup IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM cases_portalmessage m WHERE m.case_id = c.id)",
    )
    stored_replies = database_rows(postgres, REPLIES) - replies_before
    replied_twice = database_rows(postgres, CASES_REPLIED_TWICE) - replied_twice_before
    lost = sum(
        not come_back_and_read(base, code, words, ledger, attempts=3) for code, words in ledger.receipts.items()
    )
    stored_packages = database_rows(postgres, "SELECT count(*) FROM consent_disclosurepackage") - packages_before
    cases_with_packages = database_rows(postgres, PACKAGED_CASES) - packaged_cases_before
    # Half-written: a package without its parts, or without the audit event that says it left.
    half_written_packages = database_rows(
        postgres,
        "SELECT count(*) FROM consent_disclosurepackage p WHERE p.categories::text = '[]' "
        "OR p.incident_account_sealed IS NULL OR NOT EXISTS (SELECT 1 FROM audit_auditevent a "
        "WHERE a.action = 'consent:package:disclosed' AND a.subject = 'package:' || p.public_id::text)",
    )
    # Each stored reply and package spent its form's token too (ADR 0032); the rest were contact forms.
    duplicated = stored - (spent - stored_replies - stored_packages)
    print(
        f"\ntwo instances: answered {answered}, sent without a code {ledger.sent_without_code}, stored {stored}, "
        f"lost {lost}, duplicated {duplicated}, "
        f"forms posted {len(ledger.tokens_posted)}, 'try again' pages seen {len(ledger.unavailable_pages)}, "
        f"load {load_seconds:.1f} s; staff replies {len(replies.replied_to)}, "
        f"Send pressed {replies.presses}, confirmed {replies.confirmed}, stored {stored_replies}, "
        f"cases replied to twice {replied_twice}; packages {len(package_cases)}, Send pressed {packages.presses}, "
        f"confirmed {packages.confirmed}, stored {stored_packages}, half-written {half_written_packages}"
    )

    assert ledger.failures == []
    # Every person either holds their code, or sent in the instant a fault cut the answer (at most
    # the one request each person had in flight, for each of the two faults); every message stored once.
    assert answered + ledger.sent_without_code == THREADS * PEOPLE_PER_THREAD
    assert ledger.sent_without_code <= 2 * THREADS
    assert lost == 0
    assert duplicated == 0 and stored <= len(ledger.tokens_posted)
    assert stored == answered + ledger.sent_without_code
    assert half_written == 0
    # A worker signed in on one instance kept working on both (sessions live in the database).
    assert replies.confirmed >= 1
    # Each reply was confirmed (pressing Send again after a lost answer) and stored once.
    assert replies.confirmed == len(replies.replied_to) == stored_replies
    assert replied_twice == 0
    # Every package built once, also when Send was pressed again after a lost answer, and none half-written.
    assert packages.failures == [], packages.failures[:1]
    assert packages.confirmed == len(package_cases) == PACKAGE_CASES
    assert stored_packages == cases_with_packages == PACKAGE_CASES  # one package in each case
    assert half_written_packages == 0
    for page in ledger.unavailable_pages:
        assert "Traceback" not in page and "OperationalError" not in page
        assert "Nothing was lost" in page
    verify = subprocess.run(
        [*topology["command"], "audit", "verify"], env=topology["env"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "Audit chain intact" in verify.stdout
