"""The deployment files hold together, checked without running containers.

The CI machine runs no container engine, so the image definition, the
compose file, the Caddy and nginx configurations and the systemd units are
checked the way their own tools (where present) or their meaning allow:
systemd-analyze verify for the units, nginx -t for the nginx site, the
compose file read as YAML and held to the rules (non-root, read-only root
file system, secrets only as files, only the proxy published).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
SECRET_WORDS = ("PASSWORD", "SECRET", "KEK", "PEPPER", "DATABASE_URL", "KEYSTORE_URL", "KEY")


def compose() -> dict:
    # PyYAML is Debian's python3-yaml (scripts/install-system-packages.sh --for-tests),
    # read by the system Python so the app's pinned requirements stay as they are.
    reader = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
    python = shutil.which("python3", path="/usr/bin")
    assert python, "/usr/bin/python3 with python3-yaml is needed"
    done = subprocess.run(
        [python, "-c", reader, str(DEPLOY / "compose" / "compose.yaml")], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def final_stage(containerfile: str) -> list[str]:
    lines = [line.strip() for line in containerfile.replace("\\\n", " ").splitlines()]
    instructions = [line for line in lines if line and not line.startswith("#")]
    last_from = max(i for i, line in enumerate(instructions) if line.startswith("FROM "))
    return instructions[last_from:]


def test_the_image_runs_unprivileged_with_a_probe_and_no_secret_inside():
    text = (DEPLOY / "Containerfile").read_text()
    stage = final_stage(text)
    users = [line.split()[1] for line in stage if line.startswith("USER ")]
    assert users and re.fullmatch(r"[1-9]\d*:[1-9]\d*", users[-1]), "the image must end as a numeric non-root user"
    assert any(line.startswith("HEALTHCHECK") and "/healthz/live" in line for line in stage)
    assert stage[-1].startswith("CMD") and "gunicorn" in stage[-1]
    # Secrets never become image layers: no ENV holds one, nothing secret is copied in.
    for line in text.replace("\\\n", " ").splitlines():
        if line.startswith("ENV "):
            assert not re.search(r"(SECRET_KEY|KEK|PEPPER|PASSWORD)=", line.replace("_FILE=", "")), line
    ignored = (ROOT / ".containerignore").read_text().split()
    for private in (".local", ".venv", "*.sqlite3", "deploy/compose/secrets", ".git"):
        assert private in ignored
    assert (ROOT / ".dockerignore").read_text() == (ROOT / ".containerignore").read_text()


def test_the_compose_file_runs_two_locked_down_apps_behind_one_tls_proxy():
    spec = compose()
    services = spec["services"]
    assert {"postgres", "migrate", "app1", "app2", "timers", "proxy"} <= set(services)
    for name in ("migrate", "app1", "app2", "timers"):
        app = services[name]
        assert app["read_only"] is True, name
        assert re.fullmatch(r"[1-9]\d*:[1-9]\d*", app["user"]), name
        assert any(mount.startswith("/tmp") for mount in app["tmpfs"]), name  # noqa: S108 - the container's tmpfs
        assert app["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in app["security_opt"], name
        assert "ports" not in app, f"{name} must be reached only through the proxy"
    for name in ("app1", "app2"):
        assert "/healthz/ready" in " ".join(services[name]["healthcheck"]["test"])
    published = sorted(name for name, service in services.items() if service.get("ports"))
    assert published == ["proxy"]
    assert spec["networks"]["internal"]["internal"] is True
    assert services["proxy"]["read_only"] is True


def test_every_secret_reaches_the_containers_as_a_file_and_every_setting_is_one_the_app_reads():
    spec = compose()
    declared = spec["secrets"]
    for name, secret in declared.items():
        assert secret["file"].startswith("./secrets/"), name
    readers = [*ROOT.glob("config/*.py"), *ROOT.glob("safereport/**/*.py"), DEPLOY / "compose" / "timers.sh",
               DEPLOY / "compose" / "Caddyfile"]
    code = "\n".join(path.read_text() for path in readers)
    for service_name, service in spec["services"].items():
        for secret in service.get("secrets", []):
            assert secret in declared, f"{service_name} uses an undeclared secret {secret}"
        for key, value in (service.get("environment") or {}).items():
            if any(word in key for word in SECRET_WORDS) and not key.startswith("SAFEREPORT_BACKUP_"):
                assert key.endswith("_FILE") and str(value).startswith("/run/secrets/"), (service_name, key)
            if key.endswith("_FILE") and str(value).startswith("/run/secrets/"):
                assert value.removeprefix("/run/secrets/") in service.get("secrets", []), (service_name, key)
            if key.startswith("SAFEREPORT_") or key in {"DATABASE_URL_FILE"}:
                read = key in code or key.removesuffix("_FILE") in code
                assert read, f"{service_name}: {key} is set but nothing reads it"
    assert "deploy/compose/secrets/" in (ROOT / ".gitignore").read_text()


def test_caddy_spreads_requests_over_both_apps_and_keeps_no_access_log():
    text = (DEPLOY / "compose" / "Caddyfile").read_text()
    assert re.search(r"reverse_proxy app1:8000 app2:8000", text)
    assert "health_uri /healthz/ready" in text
    assert "X-Request-ID" in text
    directives = [line.strip().split()[0] for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "log" not in directives


def test_the_systemd_units_verify(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed (Debian's systemd package)")
    units = sorted((DEPLOY / "systemd").glob("*.service")) + sorted((DEPLOY / "systemd").glob("*.timer"))
    for unit in units:
        text = unit.read_text()
        # Point the programs at this checkout, where they exist.
        text = text.replace("/opt/safereport/.venv", str(ROOT / ".venv")).replace("/opt/safereport", str(ROOT))
        (tmp_path / unit.name).write_text(text)
        if unit.suffix == ".service":
            for rule in ("NoNewPrivileges=yes", "ProtectSystem=strict", "User=safereport", "PrivateTmp=yes"):
                assert rule in text, f"{unit.name}: {rule}"
            credentials = re.findall(r"^LoadCredential=(\w+):", text, re.MULTILINE)
            assert credentials, unit.name
            for credential in credentials:
                assert re.search(rf"^Environment=\w+_FILE=%d/{credential}$", text, re.MULTILINE), credential
    instances = {"safereport@8001.service", "safereport@8002.service"}
    for timer in (DEPLOY / "systemd").glob("*.timer"):
        task = re.search(r"^Unit=safereport-task@([\w-]+)\.service$", timer.read_text(), re.MULTILINE)
        assert task, timer.name
        assert f"{task.group(1)})" in (DEPLOY / "systemd" / "run-task").read_text()
        instances.add(timer.name)
        instances.add(f"safereport-task@{task.group(1)}.service")
    done = subprocess.run(
        [tool, "verify", "--man=no", *sorted(instances)], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_nginx_site_is_valid_and_keeps_no_access_log(tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert nginx, "nginx is installed by scripts/install-system-packages.sh --for-tests"
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
         "-subj", "/CN=support.example.org", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )
    site = (DEPLOY / "nginx" / "safereport.conf").read_text()
    site = re.sub(r"ssl_certificate /\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key /\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("/etc/nginx/snippets/safereport-proxy.conf", str(DEPLOY / "nginx" / "safereport-proxy.conf"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; "
        f"fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path}; "
        f"include {tmp_path}/site.conf; }}\n"
    )
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert site.count("access_log off;") == 2  # both server blocks
    proxy = (DEPLOY / "nginx" / "safereport-proxy.conf").read_text()
    retry = re.search(r"^\s*proxy_next_upstream (.*);", proxy, re.MULTILINE)
    assert retry and "non_idempotent" not in retry.group(1), "a POST that reached an app must never be sent to the other one"
    page = (DEPLOY / "nginx" / "_unavailable.html").read_text()
    assert "Nothing was lost" in page and page.count("<section lang=") == 9
