"""The ``mscd-hub`` commands, and the OpenAPI description the hub serves."""

from __future__ import annotations

import io
import json

from mscd_desktop.hub.cli import main


def run(db_url: str, *args: str, capsys) -> tuple[int, str, str]:
    status = main(["--db", db_url, *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_venues_tokens_and_codes_from_the_command_line(db_url, engine, client, capsys):
    assert run(db_url, "venue", "add", "Lund", capsys=capsys)[0] == 0
    status, _out, err = run(db_url, "venue", "add", "Lund", capsys=capsys)
    assert status == 1 and err.startswith("mscd-hub: There is already a venue called Lund.")
    listed = json.loads(run(db_url, "venue", "list", "--json", capsys=capsys)[1])
    assert [v["name"] for v in listed] == ["Lund"]
    created = json.loads(
        run(db_url, "token", "create", "--venue", "Lund", "--json", capsys=capsys)[1]
    )
    token = created["token"]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    rotated = run(db_url, "token", "rotate", created["id"], capsys=capsys)[1].strip()
    assert rotated.startswith("mscd_") and rotated != token
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert run(db_url, "token", "revoke", created["id"], capsys=capsys)[0] == 0
    devices = json.loads(run(db_url, "token", "list", "--json", capsys=capsys)[1])
    assert devices[0]["revoked_at"]
    code = json.loads(
        run(
            db_url,
            "enrol-code",
            "--venue",
            "Lund",
            "--hub-url",
            "https://hub.example.org",
            "--json",
            capsys=capsys,
        )[1]
    )
    assert code["qr_text"] == f"mscd-enrol:https://hub.example.org#{code['code']}"
    status, _out, err = run(db_url, "enrol-code", "--venue", "Nowhere", capsys=capsys)
    assert status == 1 and "no venue called Nowhere" in err


def test_admin_password_set_reads_stdin_and_refuses_a_short_one(
    db_url, engine, client, capsys, monkeypatch
):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    status, _out, err = run(
        db_url, "admin", "password", "set", "--user", "ana", "--password-stdin", capsys=capsys
    )
    assert status == 1 and "at least" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    status, out, _err = run(
        db_url, "admin", "password", "set", "--user", "ana", "--password-stdin", capsys=capsys
    )
    assert status == 0 and "ana" in out
    signed_in = client.post(
        "/admin/login",
        data={"username": "ana", "password": "correct horse battery"},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303


def test_the_hub_describes_its_api_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/push", "/api/v1/enrol", "/api/v1/records", "/api/v1/bundles"} <= set(
        spec["paths"]
    )
    schemas = spec["components"]["schemas"]
    assert {"PushRequest", "PushRecord", "PushAnswer", "ErrorAnswer"} <= set(schemas)
    body = spec["paths"]["/api/v1/push"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"] == "#/components/schemas/PushRequest"
    assert "413" in spec["paths"]["/api/v1/push"]["post"]["responses"]
