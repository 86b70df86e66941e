"""The review worksheet as one self-contained HTML page (`lakin check --format html`).

No network: styles and script are inline, fonts are the system's, there is no URL at all, and a
Content-Security-Policy forbids every request. Report data is untrusted, so every data-derived
string goes through `esc` (html.escape). The page reads fully with JavaScript off; the small
script only adds the severity/category filter, which also reads its initial state from the query
string (`?severity=error&category=pembulatan&waived=0`) so a link or a test can open it filtered.
Prints on A4: one report per page run, no filter controls.
"""

from __future__ import annotations

import html
import re
from datetime import date

from validator.engine import Result
from validator.findings import SEVERITIES
from validator.reporters.worksheet import (LABELS, Item, Section, Worksheet, build, category_text, date_text,
                                           place_text, severity_text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: object) -> str:
    """Untrusted text as inert HTML: escaped, without the control characters HTML forbids."""
    return html.escape(_CONTROL.sub("", "" if value is None else str(value)), quote=True)


CSS = """
:root{--ink:#1b1f24;--muted:#4a5360;--line:#c9d0d8;--soft:#f3f5f7;--accent:#0b4f71;
--err:#9b1c1c;--err-bg:#fdecec;--warn:#7a4700;--warn-bg:#fff3d6;--info:#1d4f8c;--info-bg:#e8f0fb;--ok:#1f6b3a}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;color:var(--ink);background:#fff;line-height:1.5;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
code,.mono{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono","Liberation Mono",Consolas,monospace;font-size:.86em;overflow-wrap:anywhere}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:9}
.skip:focus{left:.5rem}
.page{max-width:1120px;margin:0 auto;padding:0 1.5rem 3rem}
header.top{background:var(--soft);border-bottom:4px solid var(--accent);padding:1.25rem 0 1.1rem;margin-bottom:1.5rem}
header.top .kicker{margin:0;color:var(--accent);font-weight:600;letter-spacing:.04em;text-transform:uppercase;font-size:.8rem}
h1{font-size:1.7rem;margin:.2rem 0 1rem;line-height:1.25}
h2{font-size:1.3rem;margin:2rem 0 .75rem;color:var(--accent)}
h3{font-size:1.08rem;margin:0 0 .5rem;line-height:1.35}
h4{font-size:.95rem;margin:1rem 0 .4rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1.25rem;margin:0}
dl.meta dt{color:var(--muted);font-weight:600}
dl.meta dd{margin:0}
ul.plain{list-style:none;margin:0;padding:0}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem;font-size:.93rem}
table.narrow{width:auto;min-width:60%}
.scroll{overflow-x:auto;max-width:100%}
.scroll:focus{outline:3px solid #f2b705}
nav.index code{overflow-wrap:normal}
caption{text-align:left;font-weight:600;padding:.25rem 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
tfoot th,tfoot td{font-weight:700;background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.zero{color:#626b77}
a{color:var(--accent)}
a:focus,input:focus,button:focus{outline:3px solid #f2b705;outline-offset:2px}
.badge{display:inline-block;border-radius:3px;padding:0 .45rem;font-size:.78rem;font-weight:700;border:1px solid;white-space:nowrap;vertical-align:.1em}
.b-error{color:var(--err);background:var(--err-bg);border-color:var(--err)}
.b-warning{color:var(--warn);background:var(--warn-bg);border-color:var(--warn)}
.b-info{color:var(--info);background:var(--info-bg);border-color:var(--info)}
.b-cat{color:#333b45;background:var(--soft);border-color:var(--line);font-weight:600}
.b-waived{color:#3d4650;background:#e6e8eb;border-color:#6b7480}
.filters{border:1px solid var(--line);background:var(--soft);border-radius:6px;padding:.75rem 1rem;margin:1rem 0 1.5rem}
.filters h2{font-size:1rem;margin:0 0 .5rem;color:inherit}
.filters fieldset{border:0;margin:0 1.5rem .4rem 0;padding:0;display:inline-block;vertical-align:top}
.filters legend{font-weight:700;padding:0;margin-bottom:.2rem}
.filters label{margin-right:.9rem;white-space:nowrap}
.filters button{font:inherit;padding:.2rem .8rem;border:1px solid var(--accent);background:#fff;color:var(--accent);border-radius:4px;cursor:pointer}
.status{margin:.4rem 0 0;color:var(--muted)}
.filter-note{font-weight:600;color:var(--warn)}
section.report{border-top:2px solid var(--line);margin-top:2.5rem}
section.report>h2{margin-top:1.25rem}
.report-meta{font-size:.93rem;margin-bottom:1rem}
.counts{margin:.25rem 0 1rem}
.counts .badge{margin-right:.35rem}
article.finding,nav.index,dl.meta dd{overflow-wrap:anywhere}
article.finding{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:4px;padding:.9rem 1.1rem;margin:0 0 1.1rem;break-inside:avoid}
article.sev-error{border-left-color:var(--err)}
article.sev-warning{border-left-color:#c98a00}
article.sev-info{border-left-color:var(--info)}
article.waived{background:#fafafa;border-left-style:dashed}
article.waived h3{color:var(--muted)}
.fhead{display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;margin-bottom:.4rem}
.fhead .no{font-weight:700;color:var(--muted);margin-right:.3rem}
.waived-note{margin:.2rem 0 .4rem;font-style:italic;color:#3d4650}
.waiver{margin:.2rem 0 .6rem;padding:.3rem .6rem;border-left:3px solid #6b7480;background:#eef0f2;font-size:.9rem}
dl.kkr{display:grid;grid-template-columns:9.5rem minmax(0,1fr);gap:.3rem 1rem;margin:.5rem 0 0}
dl.kkr dt{font-weight:700}
dl.kkr dd{margin:0}
dl.kkr dd p{margin:0}
dl.kkr p.where{color:var(--muted);font-size:.88rem;margin-top:.15rem}
.nodata{color:var(--muted);font-style:italic}
.calc{margin-top:.6rem}
.calc table{font-size:.88rem}
.calc td.val,.calc th code,.calc thead th{white-space:nowrap;overflow-wrap:normal}
.calc td code{font-size:.9em}
dl.result{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.5rem;margin:.4rem 0}
dl.result div{border:1px solid var(--line);border-radius:4px;padding:.3rem .55rem}
dl.result dt{font-size:.78rem;color:var(--muted);font-weight:600}
dl.result dd{margin:0;font-weight:700;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
dl.result .diff dd{color:var(--err)}
.relation{margin:.3rem 0}
.culprit{border-left:3px solid #c98a00;background:var(--warn-bg);padding:.35rem .6rem;margin:.5rem 0 0}
.doc{font-size:.82rem;color:var(--muted);margin:.6rem 0 0}
.back{font-size:.85rem}
footer.bottom{border-top:1px solid var(--line);margin-top:3rem;padding-top:1rem;color:var(--muted);font-size:.88rem}
@media (max-width:700px){dl.kkr,dl.meta{grid-template-columns:1fr}dl.kkr dt{margin-top:.4rem}}
@media print{
@page{size:A4;margin:14mm 12mm 16mm}
html{font-size:10pt}
.page{max-width:none;padding:0}
.filters,.skip,.back{display:none!important}
.scroll{overflow:visible}
a{color:inherit;text-decoration:none}
section.report{break-before:page;border-top:0;margin-top:0}
section.report>h2{margin-top:0}
h2,h3,h4{break-after:avoid}
table,dl.result,.culprit{break-inside:avoid}
article.finding{box-shadow:none}
.badge,thead th,tfoot th,tfoot td,.culprit,article.waived{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

JS = """
(function(){
var form=document.getElementById('saring');if(!form)return;
var items=[].slice.call(document.querySelectorAll('article.finding'));
var sections=[].slice.call(document.querySelectorAll('section.report'));
var status=document.getElementById('saring-status');
var note=document.getElementById('saring-note');
function boxes(name){return [].slice.call(form.querySelectorAll('input[name="'+name+'"]'));}
function chosen(name){return boxes(name).filter(function(b){return b.checked;}).map(function(b){return b.value;});}
function apply(){
var sev=chosen('severity'),cat=chosen('category'),w=form.querySelector('input[name="waived"]');
var showWaived=!w||w.checked,shown=0;
items.forEach(function(el){
var ok=sev.indexOf(el.getAttribute('data-severity'))>=0&&cat.indexOf(el.getAttribute('data-category'))>=0&&(showWaived||el.getAttribute('data-waived')!=='1');
el.hidden=!ok;if(ok)shown++;});
sections.forEach(function(s){var all=s.querySelectorAll('article.finding').length,vis=s.querySelectorAll('article.finding:not([hidden])').length;
var e=s.querySelector('.filtered-empty');if(e)e.hidden=!(all>0&&vis===0);});
status.textContent=form.getAttribute('data-showing').replace('{shown}',shown).replace('{total}',items.length);
note.hidden=(shown===items.length);}
var q=new URLSearchParams(window.location.search);
['severity','category'].forEach(function(name){if(!q.has(name))return;
var want=q.getAll(name).join(',').split(',');boxes(name).forEach(function(b){b.checked=want.indexOf(b.value)>=0;});});
if(q.has('waived')){var w=form.querySelector('input[name="waived"]');if(w)w.checked=q.get('waived')!=='0';}
form.addEventListener('change',apply);
form.addEventListener('submit',function(e){e.preventDefault();});
document.getElementById('saring-reset').addEventListener('click',function(){
form.querySelectorAll('input[type=checkbox]').forEach(function(b){b.checked=true;});apply();});
form.hidden=false;apply();
})();
"""


def _badge(kind: str, text: str) -> str:
    return f'<span class="badge b-{esc(kind)}">{esc(text)}</span>'


def _breakable(text: str) -> str:
    """A file path, escaped, that may wrap after "/" and "_" (narrow columns, A4 print)."""
    return esc(text).replace("/", "/<wbr>").replace("_", "_<wbr>")


def _num(n: int) -> str:
    return f'<td class="num{" zero" if n == 0 else ""}">{n}</td>'


def _head(ws: Worksheet, w: dict[str, str]) -> list[str]:
    files = [s.file for s in ws.sections]
    if len(files) <= 10:
        files_html = "<ul class=\"plain\">" + "".join(f"<li><code>{esc(f)}</code></li>" for f in files) + "</ul>"
    else:
        files_html = esc(w["reports_count"].format(n=len(files)))
    packs = ", ".join(f"{esc(n)} {esc(v)}" for n, v, _ in ws.packs)
    rows = [
        (w["satker"], "<ul class=\"plain\">" + "".join(f"<li>{esc(s)}</li>" for s in ws.satkers) + "</ul>"),
        (w["year"], esc(", ".join(ws.years) or "-")),
        (w["period"], esc(", ".join(ws.periods) or "-")),
        (w["files"], files_html or "-"),
        (w["packs"], packs or "-"),
        (w["tool"], esc(ws.tool)),
        (w["date"], f'<time datetime="{ws.day.isoformat()}">{esc(date_text(ws.day, ws.lang))}</time>'),
    ]
    out = ['<header class="top" role="banner"><div class="page">',
           f'<p class="kicker">{esc(w["subtitle"])}</p>', f'<h1>{esc(w["title"])}</h1>', '<dl class="meta">']
    out += [f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows]
    out += ["</dl>", "</div></header>"]
    return out


def _summary(ws: Worksheet, w: dict[str, str]) -> list[str]:
    lang = ws.lang
    sev_heads = "".join(f'<th scope="col" class="num">{esc(severity_text(s, lang))}</th>' for s in SEVERITIES)
    out = ['<section aria-labelledby="ringkasan"><h2 id="ringkasan">' + esc(w["summary"]) + "</h2>",
           f'<div class="scroll" role="region" tabindex="0" aria-label="{esc(w["summary_cat"])}">'
           f'<table class="narrow"><caption>{esc(w["summary_cat"])}</caption><thead><tr><th scope="col">{esc(w["category"])}</th>'
           f'{sev_heads}<th scope="col" class="num">{esc(w["total"])}</th><th scope="col" class="num">{esc(w["waived"])}</th></tr></thead><tbody>']
    for cat in ws.categories():
        counts = [ws.count(cat, s) for s in SEVERITIES]
        out.append(f'<tr><th scope="row">{esc(category_text(cat, lang))}</th>' + "".join(_num(n) for n in counts)
                   + _num(sum(counts)) + _num(ws.count(cat, waived=True)) + "</tr>")
    if not ws.categories():
        out.append(f'<tr><td colspan="{len(SEVERITIES) + 3}">{esc(w["no_findings"])}</td></tr>')
    totals = [ws.count(severity=s) for s in SEVERITIES]
    out.append(f'</tbody><tfoot><tr><th scope="row">{esc(w["total"])}</th>' + "".join(_num(n) for n in totals)
               + _num(sum(totals)) + _num(ws.count(waived=True)) + "</tr></tfoot></table></div></section>")
    return out


def _index(ws: Worksheet, w: dict[str, str]) -> list[str]:
    lang = ws.lang
    sev_heads = "".join(f'<th scope="col" class="num">{esc(severity_text(s, lang))}</th>' for s in SEVERITIES)
    out = [f'<nav class="index" aria-labelledby="daftar"><h2 id="daftar">{esc(w["index"])}</h2>',
           f'<div class="scroll" role="region" tabindex="0" aria-label="{esc(w["summary_rep"])}">'
           f'<table><caption>{esc(w["summary_rep"])}</caption><thead><tr><th scope="col">No.</th>'
           f'<th scope="col">{esc(w["report"])}</th><th scope="col">{esc(w["satker"])}</th>'
           f'<th scope="col">{esc(w["year"])}</th><th scope="col">{esc(w["period"])}</th>{sev_heads}'
           f'<th scope="col" class="num">{esc(w["total"])}</th><th scope="col" class="num">{esc(w["waived"])}</th>'
           '</tr></thead><tbody>']
    for s in ws.sections:
        c = s.counts()
        out.append(f'<tr><td class="num">{s.number}</td><th scope="row"><a href="#laporan-{s.number}"><code>{_breakable(s.file)}</code></a></th>'
                   f"<td>{esc(s.satker)}</td><td>{esc(s.tahun if s.tahun is not None else '-')}</td><td>{esc(s.periode)}</td>"
                   + "".join(_num(c[sev]) for sev in SEVERITIES) + _num(sum(c[sev] for sev in SEVERITIES))
                   + _num(c["waived"]) + "</tr>")
    out.append("</tbody></table></div></nav>")
    return out


def _filters(ws: Worksheet, w: dict[str, str]) -> list[str]:
    """Hidden until the script runs, so a page without JavaScript shows no dead controls."""
    lang = ws.lang
    sevs = [s for s in SEVERITIES if any(i.severity == s for i in ws.items)]
    out = [f'<form id="saring" class="filters" role="search" aria-labelledby="saring-judul" hidden '
           f'data-showing="{esc(w["showing"])}">',
           f'<h2 id="saring-judul">{esc(w["filters"])}</h2>',
           f'<fieldset><legend>{esc(w["filter_sev"])}</legend>']
    for s in sevs:
        out.append(f'<label><input type="checkbox" name="severity" value="{esc(s)}" checked> {esc(severity_text(s, lang))} '
                   f"({sum(1 for i in ws.items if i.severity == s)})</label>")
    out.append(f'</fieldset><fieldset><legend>{esc(w["filter_cat"])}</legend>')
    for c in ws.categories():
        out.append(f'<label><input type="checkbox" name="category" value="{esc(c)}" checked> {esc(category_text(c, lang))} '
                   f"({sum(1 for i in ws.items if i.category == c)})</label>")
    out.append("</fieldset>")
    if any(i.waived for i in ws.items):
        out.append(f'<fieldset><legend>{esc(w["filter_waived"])}</legend><label><input type="checkbox" name="waived" '
                   f'value="1" checked> {esc(w["show_waived"])}</label></fieldset>')
    out.append(f'<div><button type="button" id="saring-reset">{esc(w["reset"])}</button></div>'
               f'<p id="saring-status" class="status" role="status" aria-live="polite"></p></form>')
    return out


def _item(item: Item, w: dict[str, str], lang: str) -> list[str]:
    f = item.finding
    classes = f"finding sev-{esc(f.severity)}" + (" waived" if item.waived else "")
    hid = f"temuan-{item.number.replace('.', '-')}"
    out = [f'<article class="{classes}" id="{hid}" aria-labelledby="{hid}-j" data-severity="{esc(f.severity)}" '
           f'data-category="{esc(f.category)}" data-waived="{1 if item.waived else 0}" data-code="{esc(f.code)}">',
           '<div class="fhead">', f'<span class="no">{esc(w["finding"])} {esc(item.number)}</span>',
           _badge(f.severity, severity_text(f.severity, lang)), _badge("cat", category_text(f.category, lang)),
           f"<code>{esc(f.code)}</code> <code>{esc(item.rule.name)}</code>"]
    if item.waived:
        out.append(_badge("waived", w["waived"]))
    out.append("</div>")
    out.append(f'<h3 id="{hid}-j">{esc(item.judul)}</h3>')
    if item.waived:
        out.append(f'<p class="waived-note">{esc(w["waived_note"])}</p>')
    if item.waiver:
        out.append(f'<p class="waiver">{esc(item.waiver)}</p>')
    sebab = esc(item.sebab) if item.sebab else f'<span class="nodata">{esc(w["no_cause"])}</span>'
    out += ['<dl class="kkr">',
            f'<dt>{esc(w["kondisi"])}</dt><dd><p class="cond">{esc(item.kondisi)}</p>'
            f'<p class="where">{esc(w["where"])}: <code>{esc(f.path)}</code>; '
            f'{place_text(f, item.record["report"], item.record["location"].get("cell", ""), lang, lambda t: f"<code>{esc(t)}</code>", esc)}</p></dd>',
            f'<dt>{esc(w["kriteria"])}</dt><dd>{esc(item.kriteria)}</dd>',
            f'<dt>{esc(w["sebab"])}</dt><dd>{sebab}</dd>',
            f'<dt>{esc(w["akibat"])}</dt><dd>{esc(item.akibat)}</dd>',
            f'<dt>{esc(w["rekomendasi"])}</dt><dd>{esc(item.rekomendasi)}</dd>',
            "</dl>"]
    out += _computation(item, w)
    out.append(f'<p class="doc">{esc(w["ruledoc"])}: <span class="mono">{esc(item.doc)}</span> · '
               f'{esc(w["outcome"])}: {esc(item.outcome)} · <span class="mono">{esc(f.fingerprint)}</span></p>')
    out.append("</article>")
    return out



def _computation(item: Item, w: dict[str, str]) -> list[str]:
    f = item.finding
    has_values = bool(item.expected or item.actual or item.difference)
    if not (f.inputs or item.relation or has_values or item.culprit):
        return []
    out = ['<div class="calc">', f'<h4>{esc(w["computation"])}</h4>']
    if item.relation:
        out.append(f'<p class="relation">{esc(w["relation"])}: <code>{esc(item.relation)}</code></p>')
    if f.inputs:
        out.append(f'<div class="scroll"><table><caption>{esc(w["inputs"])}</caption><thead><tr><th scope="col">{esc(w["name"])}</th>'
                   f'<th scope="col" class="num">{esc(w["value"])}</th><th scope="col">{esc(w["path"])}</th>'
                   f'<th scope="col" class="num">{esc(w["line"])}</th></tr></thead><tbody>')
        for i in f.inputs:
            out.append(f'<tr><th scope="row"><code>{esc(i.name)}</code></th><td class="num val mono">{esc(i.text)}</td>'
                       f'<td><code>{esc(i.path)}</code></td><td class="num">{esc(i.line)}</td></tr>')
        out.append("</tbody></table></div>")
    if has_values:
        cells = [("actual", item.actual, ""), ("expected", item.expected, ""), ("interval", item.interval, ""),
                 ("difference", item.difference, "diff")]
        out.append('<dl class="result">' + "".join(
            f'<div class="{cls}"><dt>{esc(w[key])}</dt><dd>{esc(value)}</dd></div>'
            for key, value, cls in cells if value) + "</dl>")
    if item.culprit:
        out.append(f'<p class="culprit">{esc(item.culprit)}</p>')
    out.append("</div>")
    return out


def _section(s: Section, w: dict[str, str], lang: str) -> list[str]:
    c = s.counts()
    out = [f'<section class="report" id="laporan-{s.number}" aria-labelledby="laporan-{s.number}-j">',
           f'<h2 id="laporan-{s.number}-j">{s.number}. {esc(s.satker_nama or s.satker_kode or s.file)} — '
           f'{esc(s.tahun if s.tahun is not None else "")} {esc(s.periode)}</h2>',
           '<dl class="meta report-meta">',
           f'<dt>{esc(w["files"])}</dt><dd><code>{esc(s.file)}</code></dd>',
           f'<dt>{esc(w["satker"])}</dt><dd>{esc(s.satker)}</dd>',
           f'<dt>{esc(w["year"])} / {esc(w["period"])}</dt><dd>{esc(s.tahun if s.tahun is not None else "-")} / {esc(s.periode)}</dd>']
    if s.dokumen:
        out.append(f'<dt>{esc(w["document"])}</dt><dd><code>{esc(s.dokumen)}</code></dd>')
    out.append("</dl>")
    badges = [_badge(sev, f"{severity_text(sev, lang)}: {c[sev]}") for sev in SEVERITIES if c[sev]]
    if c["waived"]:
        badges.append(_badge("waived", f"{w['waived']}: {c['waived']}"))
    if s.items:
        out.append(f'<p class="counts">{len(s.items)} {esc(w["findings"])} ' + " ".join(badges) + "</p>")
        out.append(f'<p class="filtered-empty nodata" hidden>{esc(w["filtered_empty"])}</p>')
        for item in s.items:
            out += _item(item, w, lang)
    else:
        out.append(f'<p class="counts">{esc(w["no_findings"])}</p>')
    out.append(f'<p class="back"><a href="#daftar">↑ {esc(w["toc_to"])}</a></p></section>')
    return out


def render(result: Result, lang: str, today: date | None = None) -> str:
    ws = build(result, lang, today)
    w = LABELS[lang]
    title = w["title"]
    if len(ws.satkers) == 1:
        title += f" — {ws.satkers[0]}"
    if ws.years:
        title += f" {', '.join(ws.years)}"
    out = ["<!DOCTYPE html>", f'<html lang="{esc(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">",
           '<meta name="referrer" content="no-referrer">',
           f'<meta name="generator" content="{esc(ws.tool)}">',
           f"<title>{esc(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f'<a class="skip" href="#isi">{esc(w["skip"])}</a>']
    out += _head(ws, w)
    out.append('<div class="page"><main id="isi">')
    if ws.problems:
        out.append(f'<section aria-labelledby="masalah"><h2 id="masalah">{esc(w["problems"])}</h2><ul>'
                   + "".join(f"<li><code>{esc(p)}</code></li>" for p in ws.problems) + "</ul></section>")
    out += _summary(ws, w)
    out += _index(ws, w)
    if ws.items:
        out += _filters(ws, w)
        out.append(f'<p id="saring-note" class="filter-note" role="note" hidden>{esc(w["filter_active"])}</p>')
    for s in ws.sections:
        out += _section(s, w, lang)
    out.append("</main>")
    out.append(f'<footer class="bottom" role="contentinfo"><p>{esc(w["footer"].format(tool=ws.tool))}</p></footer></div>')
    if ws.items:
        out.append(f"<script>{JS}</script>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
