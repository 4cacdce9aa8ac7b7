"""What an editor sees while typing a record: the real yaml-language-server (npm, as VS Code's YAML
extension runs it), driven over stdio with LSP JSON-RPC, reads the schema from each record's first
line and offers the vocabulary ids as completion and Dutch diagnostics for mistakes.

Documents are sent to the server in memory under an address in ``practices/`` (nothing is written
there), so the modeline's relative path finds ``generator/practice.schema.json``. The schema store
is switched off: nothing is fetched."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from generator.models import Practice
from generator.vocabulary import load_vocabularies

from .conftest import ROOT

SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
MODELINE = "# yaml-language-server: $schema=../generator/practice.schema.json\n"
TIMEOUT = 15.0  # seconds for any one answer of the server

pytestmark = pytest.mark.skipif(not SERVER.is_file(), reason="run `npm install` (make test does) for yaml-language-server")


class LanguageServer:
    """A yaml-language-server process with a minimal LSP client: requests, notifications and the
    diagnostics it publishes, each read by a background thread."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        self._next_id = 0
        self._responses: dict[int, queue.Queue] = {}
        self._diagnostics: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(stream.read(length))
            if "id" in message and "method" in message:
                # A request from the server (e.g. client/registerCapability): answer it, empty.
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "id" in message:
                with self._lock:
                    box = self._responses.get(message["id"])
                if box is not None:
                    box.put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                self._diagnostics.put(message["params"])

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        with self._lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
            box: queue.Queue = queue.Queue()
            self._responses[request_id] = box
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        try:
            message = box.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"yaml-language-server did not answer {method} within {TIMEOUT} s") from None
        assert "error" not in message, message["error"]
        return message["result"]

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def start(self) -> None:
        self.request("initialize", {"processId": None, "rootUri": ROOT.as_uri(), "capabilities": {}})
        self.notify("initialized", {})
        settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}}
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def open(self, name: str, text: str, version: int = 1) -> str:
        uri = (ROOT / "practices" / name).as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}})
        return uri

    def all_diagnostics(self, uris) -> dict[str, list[dict]]:
        """The first diagnostics the server publishes for each of ``uris`` (opened together, so the
        server validates them one after the other without waiting for us)."""
        wanted, found = set(uris), {}
        deadline = time.monotonic() + TIMEOUT
        while wanted - set(found):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no diagnostics within {TIMEOUT} s for {sorted(wanted - set(found))[:5]}")
            try:
                params = self._diagnostics.get(timeout=remaining)
            except queue.Empty:
                continue
            if params["uri"] in wanted and params["uri"] not in found:
                found[params["uri"]] = params["diagnostics"]
        return found

    def completion(self, uri: str, line: int, character: int) -> list[dict]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return result["items"] if isinstance(result, dict) else result

    def stop(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def server():
    language_server = LanguageServer()
    try:
        language_server.start()
        yield language_server
    finally:
        language_server.stop()


def record(**replace: str) -> str:
    """A correct record (the modeline first); ``replace`` swaps whole lines, keyed by a name."""
    lines = {
        "title": "title: Taalcoaching op de werkvloer",
        "summary": "summary: Collega's helpen anderstalige nieuwe werknemers met werkplektaal.",
        "description": "description: Een korte beschrijving.",
        "target_groups": "target_groups:\n  terms: [nieuwe-werknemers, Personen met een migratieachtergrond, OUDEREN]",
        "sectors": "sectors: [zorg, Bouwsector, metaal  en technologie]",
        "coordination": "coordination:\n  organisations: [Voorbeeldbedrijf]",
        "scope": "scope:\n  level: bedrijf\n  country: Noorwegen\n  regions: [west-vlaanderen]",
        "period": "period:\n  wording: sinds 2019\n  start: 2019\n  ongoing: true",
        "costs": "costs:\n  - wording: € 1.200 per deelnemer\n    kind: per_participant\n    amount_eur: 1200",
        "priorities": "priorities:\n  terms: [leercultuur, Vaardigheden beter matchen]\n  basis: editors",
        "strengths": "strengths:\n  - Werkt snel.\n  - text: Collega's leren mee.\n    audience: Bedrijf",
        "outcomes": "outcomes:\n  figures:\n    - label: deelnemers\n      value: 40\n      qualifier: meer dan",
        "contacts": "contacts:\n  - name: An Voorbeeld\n    email: an.voorbeeld@example.org\n  - email:",
        "links": "links:\n  - url: HTTPS://www.example.org/taal\n  - url: mailto:info@example.org",
        "sources": "sources:\n  - document: serv-vaardigheden-boven\n    section: Fiche 3",
    }
    lines.update(replace)
    return MODELINE + "\n".join(lines.values()) + "\n"


def line_of(text: str, start: str) -> int:
    """The number (from 0) of the first line of ``text`` that is ``start`` or contains it."""
    lines = text.splitlines()
    return lines.index(start) if start in lines else next(number for number, line in enumerate(lines) if start in line)


def test_every_record_and_example_shows_no_problem_in_the_editor(server):
    """What validates with the models shows no problem in the editor: ids, Dutch names, variants,
    plain-text strengths, optional fields left empty."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "practices").glob("*.yaml"))}
    for path in sorted((ROOT / "tests" / "records" / "valid").glob("*.yaml")):
        texts[f"voorbeeld-{path.name}"] = MODELINE + path.read_text(encoding="utf-8")
    Practice.model_validate(yaml.safe_load(record()))  # correct for the models too
    texts["test-correct.yaml"] = record()
    uris = {server.open(f"lsp-{name}", text): name for name, text in texts.items()}
    problems = {}
    for uri, diagnostics in server.all_diagnostics(uris).items():
        if diagnostics:
            problems[uris[uri]] = [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics]
    assert len(texts) > 100
    assert problems == {}


def test_completion_offers_the_ids_of_a_term_field(server):
    """Under ``sectors:`` (a new list item or inside ``[ ]``) and after ``level:`` the editor offers
    exactly the ids, each with its Dutch name; names and variants are accepted but not offered."""
    sectors = load_vocabularies()["sectors"].ids
    cases = {
        "block-item": (record(sectors="sectors:\n  - "), "  - ", sectors),
        "flow-list": (record(sectors="sectors: []"), "sectors: [", sectors),
        "value": (record(scope="scope:\n  level: "), "  level: ", load_vocabularies()["levels"].ids),
    }
    for name, (text, before_cursor, ids) in cases.items():
        uri = server.open(f"lsp-completion-{name}.yaml", text)
        items = server.completion(uri, line_of(text, before_cursor), len(before_cursor))
        # Only the values: not the "- (array item)" snippet that starts another item.
        values = {item["label"]: item for item in items if not item["label"].startswith("- ")}
        assert list(values) == ids, (name, [item["label"] for item in items])
        if name == "block-item":
            assert "Zorg en welzijn" in json.dumps(values["zorg"].get("documentation"), ensure_ascii=False)


def test_mistakes_get_a_dutch_diagnostic_on_their_line(server):
    broken = {
        "sector": (record(sectors="sectors: [zorg, Zorgg]"), "Zorgg", "Onbekende sector"),
        "document": (record(sources="sources:\n  - document: serv-vaardigheden\n    section: Fiche 3"), "serv-vaardigheden", "Onbekend brondocument"),
        "email": (record(contacts="contacts:\n  - email: an.voorbeeld@example"), "an.voorbeeld@example", "Geen geldig e-mailadres"),
        "link": (record(links="links:\n  - url: ftp://example.org/taal"), "ftp://", "Geen geldige link"),
        "amount": (record(costs="costs:\n  - wording: x\n    amount_eur: € 1.200"), "€ 1.200", "Schrijf een getal"),
        "unknown field": (record(title="titel: Taalcoaching"), "titel", "Hier horen velden"),
    }
    for text, _, _ in broken.values():
        with pytest.raises(ValidationError):  # the models refuse it as well
            Practice.model_validate(yaml.safe_load(text))
    uris = {server.open(f"lsp-broken-{name.replace(' ', '-')}.yaml", text): name for name, (text, _, _) in broken.items()}
    for uri, diagnostics in server.all_diagnostics(uris).items():
        text, fragment, message = broken[uris[uri]]
        found = [(d["range"]["start"]["line"], d["message"]) for d in diagnostics]
        assert any(line == line_of(text, fragment) and text_.startswith(message) for line, text_ in found), (uris[uri], found)
