// The inline stylesheet and script of report.html: a paginated, filterable trial table and a
// detail panel (answer, diff, scorer details, trajectory) read lazily from embedded JSON.

export const REPORT_CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --bg:#fff; --panel:#f6f7f9; --line:#d9dde3; --accent:#2f6fde; --ok:#1f8a4c; --bad:#c23b32; --warn:#b7791f; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6e9ef; --muted:#9aa3b2; --bg:#14171c; --panel:#1d2128; --line:#343a45; --accent:#6ea0ff; --ok:#4cc38a; --bad:#ff7b72; --warn:#e3b341; } }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, Segoe UI, sans-serif; color: var(--fg); background: var(--bg); margin: 0; padding: 0 24px 48px; }
h1 { font-size: 22px; margin: 20px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.facts, .note { color: var(--muted); }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.l, th.l { text-align: left; }
th { background: var(--panel); }
svg.chart { display: block; margin: 4px 0 8px; max-width: 100%; }
svg.chart text { fill: var(--fg); font-size: 11px; }
svg.chart .grid { stroke: var(--line); }
svg.chart .bar { fill: var(--accent); opacity: .85; }
svg.chart .whisker { stroke: var(--fg); stroke-width: 1.5; }
.controls { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.controls input { min-width: 280px; padding: 4px 6px; }
#trial-table tbody tr { cursor: pointer; }
#trial-table tbody tr:hover { background: var(--panel); }
.o-scored.pass { color: var(--ok); } .o-scored.fail { color: var(--bad); } .o-agent_error { color: var(--bad); } .o-infra_error, .o-grader_error { color: var(--warn); }
.superseded { opacity: .55; }
#detail { position: fixed; top: 0; right: 0; bottom: 0; width: min(760px, 96vw); background: var(--bg); border-left: 1px solid var(--line); box-shadow: -4px 0 16px rgba(0,0,0,.15); overflow: auto; padding: 12px 18px 40px; }
#detail[hidden] { display: none; }
#detail h3 { margin-top: 16px; }
#detail pre { background: var(--panel); border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 420px; white-space: pre-wrap; word-break: break-word; font-size: 12px; }
#detail-close { float: right; font-size: 18px; }
.diff-add { color: var(--ok); } .diff-del { color: var(--bad); } .diff-hunk { color: var(--accent); }
.step { border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; }
.step-head { background: var(--panel); padding: 2px 8px; font-weight: 600; font-size: 12px; }
.step pre { margin: 0; border: 0; max-height: 300px; }
`;

// Plain ES2017, no template literals (this file is itself one), no network, no innerHTML with data.
export const REPORT_JS = `
(function () {
  'use strict';
  var rows = JSON.parse(document.getElementById('trials-data').textContent);
  var PAGE = 50, page = 0, shown = rows;
  var filterBox = document.getElementById('trial-filter');
  var outcomeBox = document.getElementById('outcome-filter');
  var tbody = document.querySelector('#trial-table tbody');
  var countEl = document.getElementById('trial-count');
  var pageEl = document.getElementById('trial-page');
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined && text !== null) e.textContent = String(text); return e; }
  function num(v, d) { return (v === null || v === undefined) ? '\\u2013' : Number(v).toFixed(d); }
  function hay(r) { if (!r._h) r._h = [r.t, r.a, r.s, 'epoch ' + r.e, r.o, r.k || '', r.m || ''].join(' ').toLowerCase(); return r._h; }
  function outcomeLabel(r) { return r.o === 'scored' ? (r.p ? 'pass' : 'fail') : r.o; }
  function apply() {
    var q = filterBox.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var o = outcomeBox.value;
    shown = rows.filter(function (r) {
      if (o && (o === 'pass' || o === 'fail' ? (r.o !== 'scored' || (o === 'pass') !== !!r.p) : r.o !== o)) return false;
      for (var i = 0; i < q.length; i++) if (hay(r).indexOf(q[i]) < 0) return false;
      return true;
    });
    page = 0; draw();
  }
  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    tbody.textContent = '';
    var slice = shown.slice(page * PAGE, page * PAGE + PAGE);
    slice.forEach(function (r) {
      var tr = el('tr', r.x ? 'superseded' : '');
      tr.dataset.i = r.i;
      [r.t, r.a, r.s, r.e].forEach(function (v) { tr.appendChild(el('td', 'l', v)); });
      tr.appendChild(el('td', 'l o-' + r.o + (r.o === 'scored' ? (r.p ? ' pass' : ' fail') : ''), outcomeLabel(r) + (r.k ? ' (' + r.k + ')' : '') + (r.x ? ' \\u00b7 superseded' : '')));
      tr.appendChild(el('td', '', num(r.sc, 2)));
      tr.appendChild(el('td', '', r.tk));
      tr.appendChild(el('td', '', r.c === null ? 'unknown' : '$' + num(r.c, 4)));
      tr.appendChild(el('td', '', num(r.w / 1000, 1) + ' s'));
      tr.addEventListener('click', function () { openDetail(r); });
      tbody.appendChild(tr);
    });
    countEl.textContent = shown.length + ' of ' + rows.length + ' trials';
    pageEl.textContent = 'page ' + (page + 1) + ' / ' + pages;
  }
  function section(parent, title) { parent.appendChild(el('h3', '', title)); }
  function pre(parent, text, cls) { var p = el('pre', cls, text); parent.appendChild(p); return p; }
  function diffPre(parent, text) {
    var p = el('pre', 'diff');
    text.split('\\n').forEach(function (line, i) {
      var c = line.indexOf('+') === 0 && line.indexOf('+++') !== 0 ? 'diff-add' : line.indexOf('-') === 0 && line.indexOf('---') !== 0 ? 'diff-del' : line.indexOf('@@') === 0 ? 'diff-hunk' : '';
      p.appendChild(el('span', c, (i ? '\\n' : '') + line));
    });
    parent.appendChild(p);
  }
  function stepsOf(t) {
    if (Array.isArray(t)) return t;
    if (t && typeof t === 'object') {
      var keys = ['steps', 'messages', 'events', 'turns'];
      for (var i = 0; i < keys.length; i++) if (Array.isArray(t[keys[i]])) return t[keys[i]];
    }
    return [t];
  }
  function short(v) { var s = typeof v === 'string' ? v : JSON.stringify(v, null, 2); return s && s.length > 20000 ? s.slice(0, 20000) + '\\u2026 [' + (s.length - 20000) + ' more chars]' : s; }
  function stepText(s) {
    if (typeof s === 'string') return s;
    if (!s || typeof s !== 'object') return JSON.stringify(s);
    // atomic-skills trajectories: {response: {text, toolCalls}, observations: [{tool, output, isError}]}
    if (s.response && typeof s.response === 'object') {
      var out = [stepText(s.response)];
      (s.observations || []).forEach(function (o) { out.push('\\u2190 ' + (o.tool ? o.tool + ' ' : '') + (o.isError ? '[error] ' : '') + short(o.output)); });
      return out.join('\\n\\n');
    }
    var parts = [];
    ['text', 'content', 'thought', 'command', 'output', 'observation', 'answer'].forEach(function (k) {
      if (typeof s[k] === 'string' && s[k]) parts.push(s[k]);
      else if (Array.isArray(s[k])) s[k].forEach(function (c) { parts.push(typeof c === 'string' ? c : (c && typeof c.text === 'string') ? c.text : short(c)); });
    });
    var calls = s.toolCalls || s.tool_calls || s.calls;
    if (Array.isArray(calls)) calls.forEach(function (c) {
      var input = c.input !== undefined ? c.input : (c.arguments !== undefined ? c.arguments : c.rawInput);
      parts.push('\\u2192 ' + (c.name || c.tool || 'tool') + ' ' + short(input));
    });
    if (Array.isArray(s.results)) s.results.forEach(function (r) { parts.push('\\u2190 ' + (r.isError ? '[error] ' : '') + short(r.output !== undefined ? r.output : r)); });
    return parts.length ? parts.join('\\n\\n') : short(s);
  }
  function renderTrajectory(parent, data) {
    var steps = stepsOf(data);
    parent.appendChild(el('p', 'note', steps.length + ' steps'));
    steps.forEach(function (s, i) {
      var box = el('div', 'step');
      var who = s && typeof s === 'object' ? (s.role || s.type || s.kind || '') : '';
      var facts = s && s.usage ? ' \\u00b7 ' + (s.usage.inputTokens + s.usage.cacheReadTokens + s.usage.cacheWriteTokens) + ' in / ' + s.usage.outputTokens + ' out tokens' + (typeof s.latencyMs === 'number' ? ' \\u00b7 ' + s.latencyMs + ' ms' : '') : '';
      box.appendChild(el('div', 'step-head', '#' + (i + 1) + (who ? ' ' + who : '') + facts));
      box.appendChild(el('pre', '', short(stepText(s))));
      parent.appendChild(box);
    });
  }
  function openDetail(r) {
    var panel = document.getElementById('detail');
    var body = document.getElementById('detail-body');
    body.textContent = '';
    var holder = document.getElementById('d-' + r.i);
    body.appendChild(el('h2', '', r.t + ' \\u00b7 epoch ' + r.e));
    if (!holder) {
      body.appendChild(el('p', 'facts', r.a + ' \\u00b7 ' + r.s + ' \\u00b7 ' + outcomeLabel(r) + ' \\u00b7 score ' + num(r.sc, 3)));
      body.appendChild(el('p', 'note', 'Details not embedded (report size budget reached): see results.jsonl line ' + r.l + '.'));
      panel.hidden = false;
      return;
    }
    var d = JSON.parse(holder.textContent);
    body.appendChild(el('p', 'facts', r.a + ' (' + d.model + ') \\u00b7 ' + r.s + ' \\u00b7 ' + outcomeLabel(r) + ' \\u00b7 score ' + num(r.sc, 3) + ' \\u00b7 results.jsonl line ' + r.l));
    if (d.error) { section(body, 'Error'); pre(body, d.error.kind + ': ' + d.error.message); }
    section(body, 'Answer'); pre(body, d.answer || '(empty)');
    section(body, 'Diff'); if (d.diff) diffPre(body, d.diff); else pre(body, '(no changes)');
    section(body, 'Metrics'); pre(body, JSON.stringify(d.metrics, null, 2));
    section(body, 'Scorer details'); pre(body, typeof d.details === 'string' ? d.details : JSON.stringify(d.details, null, 2));
    section(body, 'Usage and timing'); pre(body, JSON.stringify({ usage: d.usage, cost: d.cost, turns: d.turns, attempts: d.attempts, startedAt: d.startedAt, wallMs: d.wallMs, phases: d.phases }, null, 2));
    section(body, 'Trajectory');
    var traj = document.getElementById('t-' + r.i);
    if (traj) {
      var box = el('div', 'trajectory'); body.appendChild(box);
      renderTrajectory(box, JSON.parse(traj.textContent));
    } else if (d.trajectory) {
      var p = el('p', 'note', (d.trajectoryNote ? d.trajectoryNote + ' \\u2014 ' : '') + 'open ');
      var a = el('a', '', d.trajectory); a.href = d.trajectory; p.appendChild(a); body.appendChild(p);
    } else body.appendChild(el('p', 'note', 'no trajectory recorded'));
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  document.getElementById('detail-close').addEventListener('click', function () { document.getElementById('detail').hidden = true; });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') document.getElementById('detail').hidden = true; });
  document.getElementById('trial-prev').addEventListener('click', function () { if (page > 0) { page--; draw(); } });
  document.getElementById('trial-next').addEventListener('click', function () { if ((page + 1) * PAGE < shown.length) { page++; draw(); } });
  var timer = null;
  filterBox.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  outcomeBox.addEventListener('change', apply);
  draw();
})();
`;
