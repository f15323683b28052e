"""Backup and restore on the embedded SQLite default: a backup taken while residents keep
subscribing holds every write acknowledged before it began, restores into a new database whose
integrity check says ok, with every row the backup took and every stored file; a damaged backup
or a database that is not empty is refused in one line, with nothing changed."""
import hashlib
import os
import sqlite3
import subprocess
import time

from conftest import BINARY, ROOT, SWEDISH, free_port, start_server
from web import Writers

FILE_COLUMNS = [("stored_files", "stored_name"), ("inquiry_attachments", "stored_name"), ("municipalities", "logo_stored_name"),
                ("articles", "image_stored_name"), ("meetings", "minutes_file_stored"), ("decisions", "pdf_stored_name"),
                ("partnerships", "document_stored_name")]


def cli(args, env):
    return subprocess.run([BINARY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def sqlite_env(directory, name):
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=os.path.join(directory, name + ".sqlite"), STORAGE_PATH=os.path.join(directory, name + "-files"),
               LOG_LEVEL="warning", MAIL_DIRECTORY=os.path.join(directory, "mail"), FORM_RATE_LIMIT="1000000", OUTBOX_INTERVAL_SECONDS="0")
    env.pop("DATABASE_URL", None)
    return env


def rows_by_id(path):
    """Every table's row keys: its id, else its primary key, else the whole row."""
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    result = {}
    for table in tables:
        info = list(db.execute(f'PRAGMA table_info("{table}")'))
        names = [r[1] for r in info]
        key = ["id"] if "id" in names else [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5] > 0] or names
        result[table] = set(db.execute(f'SELECT {", ".join(chr(34) + k + chr(34) for k in key)} FROM "{table}"'))
    db.close()
    return result


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_a_backup_under_write_load_restores_every_row_and_file(tmp_path):
    live = sqlite_env(str(tmp_path), "live")
    port = free_port()
    env = dict(live, PORT=str(port), PUBLIC_BASE_URL=f"http://127.0.0.1:{port}")
    with open(tmp_path / "server.log", "w+") as log:
        proc, base = start_server(env, log)
        try:
            with Writers(base, "backup") as writers:
                time.sleep(2)
                started = time.time()
                backup = cli(["backup", "--output", str(tmp_path / "backup.tar.gz")], live)
                time.sleep(1)
            assert backup.returncode == 0, backup.stderr + backup.stdout
            assert "Säkerhetskopian" in backup.stdout
        finally:
            proc.terminate()
            proc.wait(timeout=40)
    before = [a for a, t in writers.acknowledged if t < started]
    after = [a for a, t in writers.acknowledged if t >= started]
    assert len(before) > 10 and after, (len(before), len(after))
    assert oct(os.stat(tmp_path / "backup.tar.gz").st_mode & 0o777) == "0o600"

    restored = sqlite_env(str(tmp_path), "restored")
    result = cli(["restore", str(tmp_path / "backup.tar.gz")], restored)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Återställde" in result.stdout

    db = sqlite3.connect(restored["DATABASE_PATH"])
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    subscribers = {r[0] for r in db.execute("SELECT email FROM newsletter_subscribers")}
    missing = [a for a in before if a not in subscribers]
    assert missing == [], f"{len(missing)} of {len(before)} acknowledged before the backup are missing"
    # The restored database is the live one as of one moment: every row in it is in the live one.
    live_rows, restored_rows = rows_by_id(live["DATABASE_PATH"]), rows_by_id(restored["DATABASE_PATH"])
    assert set(restored_rows) == set(live_rows)
    for table, ids in restored_rows.items():
        assert ids <= live_rows[table], table
    # Every file the restored database names is there, as it was.
    names = set()
    for table, column in FILE_COLUMNS:
        names |= {r[0] for r in db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")}
    assert len(names) > 10
    for name in names:
        restored_file = os.path.join(restored["STORAGE_PATH"], name)
        assert os.path.exists(restored_file), name
        assert sha(restored_file) == sha(os.path.join(live["STORAGE_PATH"], name))
    # The restored copy serves: the full-text search of the register finds what the live one finds.
    live_db = sqlite3.connect(live["DATABASE_PATH"])
    query = "SELECT COUNT(*) FROM organisation_search WHERE organisation_search MATCH 'f*'"
    assert db.execute(query).fetchone() == live_db.execute(query).fetchone()
    print(f"\nbackup under load: {len(before)} acknowledged before it, all restored; {len(after)} after it;"
          f" {sum(len(v) for v in restored_rows.values())} rows in {len(restored_rows)} tables; {len(names)} files")

    # Restoring again into the database now full: refused in one line, nothing changed.
    again = cli(["restore", str(tmp_path / "backup.tar.gz")], restored)
    assert again.returncode == 1
    output = (again.stdout + again.stderr).strip()
    assert len(output.splitlines()) == 1 and "inte tom" in output, output

    # A damaged backup: refused before anything is touched.
    with open(tmp_path / "backup.tar.gz", "rb") as f:
        data = bytearray(f.read())
    data[len(data) // 2] ^= 0xFF
    with open(tmp_path / "damaged.tar.gz", "wb") as f:
        f.write(data)
    fresh = sqlite_env(str(tmp_path), "fresh")
    damaged = cli(["restore", str(tmp_path / "damaged.tar.gz")], fresh)
    assert damaged.returncode == 1
    output = (damaged.stdout + damaged.stderr).strip()
    assert len(output.splitlines()) == 1 and ("skadad" in output or "ingen säkerhetskopia" in output), output
    fresh_db = sqlite3.connect(fresh["DATABASE_PATH"])
    assert fresh_db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone() == (0,)


def test_backup_without_a_place_to_write_says_which_setting(tmp_path):
    env = sqlite_env(str(tmp_path), "db")
    env.pop("BACKUP_DIRECTORY", None)
    result = cli(["backup"], env)
    assert result.returncode == 1
    assert "BACKUP_DIRECTORY" in result.stdout + result.stderr
    # With the folder: a dated name, and only the newest BACKUP_KEEP are kept.
    folder = tmp_path / "backups"
    for _ in range(3):
        result = cli(["backup"], dict(env, BACKUP_DIRECTORY=str(folder), BACKUP_KEEP="2"))
        assert result.returncode == 0, result.stdout + result.stderr
        time.sleep(1.1)
    kept = sorted(os.listdir(folder))
    assert len(kept) == 2 and all(k.startswith("samverkan-") and k.endswith(".tar.gz") for k in kept), kept
