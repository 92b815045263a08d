"""The end-of-run summary: one row per rule (passed, failed, skipped, advisory), as text, Markdown and JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .checks.rules import RULES

__all__ = ["Summary"]

OUTCOMES = ("passed", "failed", "skipped", "advisory")


@dataclass
class Summary:
    counts: dict[str, Counter] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    skipped_requests: int = 0
    written: tuple[Path, Path] | None = None

    def add(self, rule: str, outcome: str, note: str | None = None) -> None:
        self.counts.setdefault(rule, Counter())[outcome] += 1
        if note:
            self.notes.setdefault(rule, []).append(note)

    def status(self, rule: str) -> str:
        c = self.counts.get(rule, Counter())
        for outcome in ("failed", "advisory", "passed", "skipped"):
            if c[outcome]:
                return outcome
        return "not run"

    @property
    def failed(self) -> bool:
        return any(self.status(r) == "failed" for r in self.counts)

    def rows(self) -> list[dict[str, object]]:
        return [{"rule": name, "status": self.status(name), "summary": rule.summary,
                 **{o: self.counts.get(name, Counter())[o] for o in OUTCOMES},
                 "notes": self.notes.get(name, [])[:3]}
                for name, rule in RULES.items()]

    def text(self) -> str:
        rows = self.rows()
        width = max(len(str(r["rule"])) for r in rows)
        lines = [f"{'rule':<{width}}  status    pass fail skip adv"]
        for r in rows:
            if r["status"] == "not run":
                continue
            lines.append(f"{r['rule']:<{width}}  {r['status']:<8}  {r['passed']:>4} {r['failed']:>4} {r['skipped']:>4} {r['advisory']:>3}")
            lines += [f"{'':<{width}}    - {note}" for note in r["notes"]]  # type: ignore[union-attr]
        not_run = [str(r["rule"]) for r in rows if r["status"] == "not run"]
        if not_run:
            lines.append(f"not run: {', '.join(not_run)}")
        if self.skipped_requests:
            lines.append(f"requests not sent (--max-requests budget spent): {self.skipped_requests}")
        return "\n".join(lines)

    def markdown(self) -> str:
        icon = {"passed": "✅ passed", "failed": "❌ failed", "skipped": "⏭ skipped", "advisory": "⚠️ advisory", "not run": "— not run"}
        lines = ["# MIoT identity API conformance", "", "| rule | status | checks | tests passed / failed / skipped |", "|---|---|---|---|"]
        for r in self.rows():
            notes = "".join(f"<br>• {str(n).replace('|', '/')}" for n in r["notes"])  # type: ignore[union-attr]
            lines.append(f"| `{r['rule']}` | {icon[str(r['status'])]} | {r['summary']}{notes} | {r['passed']} / {r['failed']} / {r['skipped']} |")
        if self.skipped_requests:
            lines += ["", f"Requests not sent because the `--max-requests` budget was spent: {self.skipped_requests}."]
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> tuple[Path, Path]:
        """``path`` as Markdown and a ``.json`` beside it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.markdown(), encoding="utf-8")
        data = {"failed": self.failed, "skipped_requests": self.skipped_requests, "rules": self.rows()}
        json_path = path.with_suffix(".json")
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path, json_path
