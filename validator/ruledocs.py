"""A rule's documentation page, built from its YAML and its kind's docstring.

Used by `lakin rules show` and by scripts/gen_rule_docs.py, so the terminal and docs/rules/
always say the same thing.
"""

from __future__ import annotations

from pathlib import Path

import json

import yaml

from checks import KINDS
from checks.base import params_schema

HEADINGS = {
    "id": {"what": "Yang diperiksa", "why": "Mengapa penting", "fail": "Contoh yang melanggar",
           "pass": "Contoh yang lolos", "params": "Parameter", "refs": "Rujukan", "source": "Berkas aturan",
           "rec": "Rekomendasi", "akibat": "Akibat", "message": "Pesan", "kind": "Jenis pemeriksaan",
           "others": "Contoh lain"},
    "en": {"what": "What it checks", "why": "Why it matters", "fail": "Failing example",
           "pass": "Passing example", "params": "Parameters", "refs": "References", "source": "Rule file",
           "rec": "Recommendation", "akibat": "Consequence", "message": "Message", "kind": "Check kind",
           "others": "Other examples"},
}


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).rstrip()


def rule_page(rule, lang: str) -> str:
    h = HEADINGS[lang]
    d = rule.data
    first_fail = next((e for e in d["examples"] if "fail" in e), None)
    first_pass = next((e for e in d["examples"] if "pass" in e), None)
    try:
        source = str(Path(rule.file).resolve().relative_to(Path(__file__).resolve().parent.parent))
    except ValueError:
        source = rule.file
    lines = [
        f"# {d['code']} {d['name']}",
        "",
        f"**{rule.text('title', lang)}**",
        "",
        f"pack `{rule.pack.name}` {rule.pack.version} · kind `{d['kind']}` · {d['severity']} · {d['category']} · "
        f"{d['status']} since {d['since']}" + (f" · aliases {', '.join(d['aliases'])}" if d.get("aliases") else ""),
        "",
        f"## {h['what']}",
        "",
        rule.text("kriteria", lang),
        "",
        f"## {h['why']}",
        "",
        d["docs"]["why"][lang],
        "",
        f"{h['akibat']}: {rule.text('akibat', lang)}",
        "",
        f"{h['rec']}: {rule.text('rekomendasi', lang)}",
        "",
        f"{h['message']}: `{rule.text('message', lang)}`",
        "",
    ]
    if first_fail:
        lines += [f"## {h['fail']}: `{first_fail['name']}`", "", "```yaml", _yaml(first_fail["fail"]), "```", "",
                  "```yaml", _yaml({"expect": first_fail["expect"]}), "```", ""]
    if first_pass:
        lines += [f"## {h['pass']}: `{first_pass['name']}`", "", "```yaml", _yaml(first_pass["pass"]), "```", ""]
    others = [e["name"] for e in d["examples"] if e is not first_fail and e is not first_pass]
    if others:
        lines += [f"{h['others']}: " + ", ".join(f"`{n}`" for n in others), ""]
    lines += [f"## {h['params']}", "", f"applies_to: `{d['applies_to']}`"]
    if d.get("when"):
        lines.append(f"when: `{d['when']}`")
    if d.get("berlaku"):
        lines.append(f"berlaku: {d['berlaku']}")
    lines += ["", "```yaml", _yaml(d.get("params", {})), "```", "",
              f"{h['kind']} `{d['kind']}`:", "", "```", (KINDS[d["kind"]].__doc__ or "").strip(), "```", "",
              "JSON Schema:", "", "```json", json.dumps(params_schema(KINDS[d["kind"]].Params), indent=2), "```", ""]
    refs = d["docs"].get("references", [])
    if refs or rule.pack.meta.get("guidance"):
        lines += [f"## {h['refs']}", ""] + [f"- {r}" for r in refs]
        if rule.pack.meta.get("guidance"):
            lines.append(f"- {rule.pack.meta['guidance']}")
        lines.append("")
    lines += [f"{h['source']}: `{source}`", ""]
    return "\n".join(lines)
