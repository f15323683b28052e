"""The command line, run as an administrator would: help, accounts, agreement import and export."""
import os
import tempfile
import time

import pytest
import yaml

from conftest import ROOT, run_cli

DEMO = ["botkyrka", "boras", "orebro", "sodertalje", "eslov"]


def test_help_lists_every_command(db_path):
    result = run_cli(["--help"], db_path)
    assert result.returncode == 0, result.stderr
    for command in ("serve", "migrate", "agreement", "user", "demo"):
        assert command in result.stdout


@pytest.mark.parametrize("slug", DEMO)
def test_export_of_import_equals_the_file(slug, db_path):
    source = os.path.join(ROOT, "Resources", "Agreements", f"{slug}.yaml")
    imported = run_cli(["agreement", "import", source, "--municipality", slug, "--name", slug.title()], db_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Importerade version 1" in imported.stdout
    exported = run_cli(["agreement", "export", "--municipality", slug], db_path)
    assert exported.returncode == 0, exported.stderr
    with open(source, encoding="utf-8") as f:
        assert yaml.safe_load(exported.stdout) == yaml.safe_load(f)
    # And the exported file imports again as version 2, identical.
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        f.write(exported.stdout)
    again = run_cli(["agreement", "import", f.name, "--municipality", slug], db_path)
    assert again.returncode == 0, again.stderr
    second = run_cli(["agreement", "export", "--municipality", slug, "--version", "2"], db_path)
    assert second.stdout == exported.stdout


def test_a_broken_file_is_refused_with_every_problem_and_nothing_imported(db_path, tmp_path):
    broken = tmp_path / "trasig.yaml"
    broken.write_text(
        "parties:\n  municipality: K\n  civilSociety: C\nmetadata:\n  adoptedOn: 2021-13-01\n"
        "principles:\n  - key: a\n    name: A\ncommitments:\n  - key: c\n    party: staten\n    text: T\n"
        "    principles: [b]\nrules:\n  - type: meetingsPerYear\n    meetingKind: dialogue\n    minimum: -1\n",
        encoding="utf-8")
    result = run_cli(["agreement", "import", str(broken), "--municipality", "test", "--name", "Test"], db_path)
    assert result.returncode == 1, "a refusal exits with 1, not a crash"
    output = result.stdout + result.stderr
    for expected in ("title", "rad 5, metadata.adoptedOn", "rad 11, commitments[1].party",
                     "rad 13, commitments[1].principles[1]", "rad 17, rules[1].minimum"):
        assert expected in output, output
    assert run_cli(["agreement", "export", "--municipality", "test"], db_path).returncode == 1, "a refusal exits with 1, not a crash"


def test_duplicate_keys_are_refused(db_path, tmp_path):
    path = tmp_path / "dubbel.yaml"
    path.write_text("title: A\ntitle: B\n", encoding="utf-8")
    result = run_cli(["agreement", "import", str(path), "--municipality", "x", "--name", "X"], db_path)
    assert result.returncode == 1, "a refusal exits with 1, not a crash"
    assert "förekommer mer än en gång" in result.stdout + result.stderr


def test_user_create_reads_the_password_from_the_environment(db_path):
    run_cli(["migrate", "--yes"], db_path)
    weak = run_cli(["user", "create", "--email", "a@example.se", "--role", "platformAdmin"], db_path,
                   {"SAMVERKAN_PASSWORD": "password1234"})
    assert weak.returncode == 1, "a refusal exits with 1, not a crash"
    assert "för vanligt" in weak.stdout + weak.stderr
    short = run_cli(["user", "create", "--email", "a@example.se", "--role", "platformAdmin"], db_path,
                    {"SAMVERKAN_PASSWORD": "kort"})
    assert "minst 12 tecken" in short.stdout + short.stderr
    ok = run_cli(["user", "create", "--email", "A@Example.se", "--role", "platformAdmin"], db_path,
                 {"SAMVERKAN_PASSWORD": "en-helt-egen-lösenfras"})
    assert ok.returncode == 0, ok.stderr
    again = run_cli(["user", "create", "--email", "a@example.se", "--role", "platformAdmin"], db_path,
                    {"SAMVERKAN_PASSWORD": "en-helt-egen-lösenfras"})
    assert again.returncode == 1, "a refusal exits with 1, not a crash"
    no_municipality = run_cli(["user", "create", "--email", "b@example.se", "--role", "coordinator"], db_path,
                              {"SAMVERKAN_PASSWORD": "en-helt-egen-lösenfras"})
    assert no_municipality.returncode == 1, "a refusal exits with 1, not a crash"
    assert "--municipality" in no_municipality.stdout + no_municipality.stderr


def test_a_slug_that_a_page_uses_is_refused(db_path):
    source = os.path.join(ROOT, "Resources", "Agreements", "eslov.yaml")
    result = run_cli(["agreement", "import", source, "--municipality", "admin", "--name", "Admin"], db_path)
    assert result.returncode == 1, "a refusal exits with 1, not a crash"
    assert "används redan av en sida" in result.stdout + result.stderr


def test_the_command_line_speaks_the_terminals_language(db_path):
    source = os.path.join(ROOT, "Resources", "Agreements", "eslov.yaml")
    english = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"}
    imported = run_cli(["agreement", "import", source, "--municipality", "eslov", "--name", "Eslöv"], db_path, english)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Imported version 1 of eslov's agreement" in imported.stdout
    missing = run_cli(["agreement", "export", "--municipality", "ingenstans"], db_path, english)
    assert missing.returncode == 1, "a refusal exits with 1, not a crash"
    assert "ingenstans" in missing.stdout + missing.stderr
    assert "Importerade" not in imported.stdout
    swedish = run_cli(["user", "create", "--email", "inte en adress", "--role", "admin"], db_path)
    assert "är ingen e-postadress" in swedish.stdout + swedish.stderr


def test_links_follow_the_port_given_on_the_command_line(tmp_path):
    """`serve --port N` without PUBLIC_BASE_URL: the banner and the links the server makes name port N."""
    import subprocess
    import urllib.request
    from conftest import BINARY, SWEDISH, free_port

    port = free_port()
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=str(tmp_path / "db.sqlite"), LOG_LEVEL="warning", BCRYPT_COST="4",
               STORAGE_PATH=str(tmp_path / "files"), MAIL_DIRECTORY=str(tmp_path / "mail"), OUTBOX_INTERVAL_SECONDS="0")
    for name in ("DATABASE_URL", "PORT", "PUBLIC_BASE_URL"):
        env.pop(name, None)
    log = open(tmp_path / "server.log", "w+")
    proc = subprocess.Popen([BINARY, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        calendar = None
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/boras/moten.ics", timeout=2) as response:
                    calendar = response.read().decode("utf-8")
                break
            except Exception:
                assert proc.poll() is None, open(tmp_path / "server.log").read()
                time.sleep(0.3)
        assert calendar is not None, "the server did not answer"
        unfolded = calendar.replace("\r\n ", "")
        assert f"URL:{base}/boras/moten/" in unfolded
        assert "8080" not in unfolded
        log.seek(0)
        assert f"Samverkan: {base}/" in log.read()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_production_refuses_to_start_without_its_public_address(db_path):
    result = run_cli(["serve", "--env", "production", "--port", "1"], db_path, env_extra={"PUBLIC_BASE_URL": ""})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PUBLIC_BASE_URL saknas" in result.stdout + result.stderr
