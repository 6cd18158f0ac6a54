// @ts-check
// The trial table and detail panel of report.html, inlined there at render time (reports/html.ts).
// Plain ES2017 in the browser: no network, no innerHTML (every text goes through textContent).
// Rows and each trial's details are read from the page's embedded JSON script elements.

/**
 * One trial table row (reports/html.ts `Row`): index, results.jsonl line, task, agent, skill,
 * epoch, outcome, score, pass, error kind, model, tokens, cost, wall ms, superseded.
 * @typedef {{ i: number, l: number, t: string, a: string, s: string, e: number, o: string, sc: number | null,
 *   p: boolean, k: string | null, m: string, tk: number, c: number | null, w: number, x?: 1, _h?: string }} Row
 */

(function () {
  'use strict';

  /** @param {string} id */
  function byId(id) {
    var e = document.getElementById(id);
    if (!e) throw new Error('report.html lacks #' + id);
    return e;
  }
  /** @param {string} id */
  function json(id) {
    return JSON.parse(byId(id).textContent || 'null');
  }

  /** @type {Row[]} */
  var rows = json('trials-data');
  var PAGE = 50;
  var page = 0;
  var shown = rows;
  var filterBox = /** @type {HTMLInputElement} */ (byId('trial-filter'));
  var outcomeBox = /** @type {HTMLSelectElement} */ (byId('outcome-filter'));
  var tbody = /** @type {HTMLElement} */ (document.querySelector('#trial-table tbody'));
  var countEl = byId('trial-count');
  var pageEl = byId('trial-page');
  var panel = byId('detail');
  var body = byId('detail-body');

  /**
   * @param {string} tag
   * @param {string} [cls]
   * @param {unknown} [text]
   */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  /** @param {number | null | undefined} v @param {number} d */
  function num(v, d) {
    return v === null || v === undefined ? '\u2013' : Number(v).toFixed(d);
  }
  /** @param {Row} r */
  function hay(r) {
    if (!r._h) r._h = [r.t, r.a, r.s, 'epoch ' + r.e, r.o, r.k || '', r.m || ''].join(' ').toLowerCase();
    return r._h;
  }
  /** @param {Row} r */
  function outcomeLabel(r) {
    return r.o === 'scored' ? (r.p ? 'pass' : 'fail') : r.o;
  }

  function apply() {
    var q = filterBox.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var o = outcomeBox.value;
    shown = rows.filter(function (r) {
      if (o && (o === 'pass' || o === 'fail' ? r.o !== 'scored' || (o === 'pass') !== !!r.p : r.o !== o)) return false;
      for (var i = 0; i < q.length; i++) if (hay(r).indexOf(q[i]) < 0) return false;
      return true;
    });
    page = 0;
    draw();
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    tbody.textContent = '';
    shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) {
      var tr = el('tr', r.x ? 'superseded' : '');
      tr.dataset.i = String(r.i);
      [r.t, r.a, r.s, r.e].forEach(function (v) {
        tr.appendChild(el('td', 'l', v));
      });
      var outcome = outcomeLabel(r) + (r.k ? ' (' + r.k + ')' : '') + (r.x ? ' \u00b7 superseded' : '');
      tr.appendChild(el('td', 'l o-' + r.o + (r.o === 'scored' ? (r.p ? ' pass' : ' fail') : ''), outcome));
      tr.appendChild(el('td', '', num(r.sc, 2)));
      tr.appendChild(el('td', '', r.tk));
      tr.appendChild(el('td', '', r.c === null ? 'unknown' : '$' + num(r.c, 4)));
      tr.appendChild(el('td', '', num(r.w / 1000, 1) + ' s'));
      tr.addEventListener('click', function () {
        openDetail(r);
      });
      tbody.appendChild(tr);
    });
    countEl.textContent = shown.length + ' of ' + rows.length + ' trials';
    pageEl.textContent = 'page ' + (page + 1) + ' / ' + pages;
  }

  /** @param {HTMLElement} parent @param {string} title */
  function section(parent, title) {
    parent.appendChild(el('h3', '', title));
  }
  /** @param {HTMLElement} parent @param {string} text */
  function pre(parent, text) {
    parent.appendChild(el('pre', '', text));
  }
  /** A unified diff with added, removed and hunk lines coloured. @param {HTMLElement} parent @param {string} text */
  function diffPre(parent, text) {
    var p = el('pre', 'diff');
    text.split('\n').forEach(function (line, i) {
      var c = '';
      if (line.indexOf('+') === 0 && line.indexOf('+++') !== 0) c = 'diff-add';
      else if (line.indexOf('-') === 0 && line.indexOf('---') !== 0) c = 'diff-del';
      else if (line.indexOf('@@') === 0) c = 'diff-hunk';
      p.appendChild(el('span', c, (i ? '\n' : '') + line));
    });
    parent.appendChild(p);
  }

  // Trajectories come in more than one shape (ours, and other tools' step lists): read leniently.
  /** @param {any} t @returns {any[]} */
  function stepsOf(t) {
    if (Array.isArray(t)) return t;
    if (t && typeof t === 'object') {
      var keys = ['steps', 'messages', 'events', 'turns'];
      for (var i = 0; i < keys.length; i++) if (Array.isArray(t[keys[i]])) return t[keys[i]];
    }
    return [t];
  }
  /** @param {unknown} v @returns {string} */
  function short(v) {
    var s = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
    return s && s.length > 20000 ? s.slice(0, 20000) + '\u2026 [' + (s.length - 20000) + ' more chars]' : s;
  }
  /** @param {any} s @returns {string} */
  function stepText(s) {
    if (typeof s === 'string') return s;
    if (!s || typeof s !== 'object') return JSON.stringify(s);
    // atomic-skills trajectories: {response: {text, toolCalls}, observations: [{tool, output, isError}]}
    if (s.response && typeof s.response === 'object') {
      var out = [stepText(s.response)];
      (s.observations || []).forEach(function (/** @type {any} */ o) {
        out.push('\u2190 ' + (o.tool ? o.tool + ' ' : '') + (o.isError ? '[error] ' : '') + short(o.output));
      });
      return out.join('\n\n');
    }
    /** @type {string[]} */
    var parts = [];
    ['text', 'content', 'thought', 'command', 'output', 'observation', 'answer'].forEach(function (k) {
      if (typeof s[k] === 'string' && s[k]) parts.push(s[k]);
      else if (Array.isArray(s[k]))
        s[k].forEach(function (/** @type {any} */ c) {
          parts.push(typeof c === 'string' ? c : c && typeof c.text === 'string' ? c.text : short(c));
        });
    });
    var calls = s.toolCalls || s.tool_calls || s.calls;
    if (Array.isArray(calls))
      calls.forEach(function (c) {
        var input = c.input !== undefined ? c.input : c.arguments !== undefined ? c.arguments : c.rawInput;
        parts.push('\u2192 ' + (c.name || c.tool || 'tool') + ' ' + short(input));
      });
    if (Array.isArray(s.results))
      s.results.forEach(function (/** @type {any} */ r) {
        parts.push('\u2190 ' + (r.isError ? '[error] ' : '') + short(r.output !== undefined ? r.output : r));
      });
    return parts.length ? parts.join('\n\n') : short(s);
  }
  /** @param {HTMLElement} parent @param {unknown} data */
  function renderTrajectory(parent, data) {
    var steps = stepsOf(data);
    parent.appendChild(el('p', 'note', steps.length + ' steps'));
    steps.forEach(function (s, i) {
      var box = el('div', 'step');
      var who = s && typeof s === 'object' ? s.role || s.type || s.kind || '' : '';
      var u = s && s.usage;
      var facts = u
        ? ' \u00b7 ' +
          (u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens) +
          ' in / ' +
          u.outputTokens +
          ' out tokens' +
          (typeof s.latencyMs === 'number' ? ' \u00b7 ' + s.latencyMs + ' ms' : '')
        : '';
      box.appendChild(el('div', 'step-head', '#' + (i + 1) + (who ? ' ' + who : '') + facts));
      box.appendChild(el('pre', '', short(stepText(s))));
      parent.appendChild(box);
    });
  }

  /** @param {Row} r */
  function openDetail(r) {
    body.textContent = '';
    var holder = document.getElementById('d-' + r.i);
    body.appendChild(el('h2', '', r.t + ' \u00b7 epoch ' + r.e));
    if (!holder) {
      body.appendChild(el('p', 'facts', r.a + ' \u00b7 ' + r.s + ' \u00b7 ' + outcomeLabel(r) + ' \u00b7 score ' + num(r.sc, 3)));
      body.appendChild(el('p', 'note', 'Details not embedded (report size budget reached): see results.jsonl line ' + r.l + '.'));
      panel.hidden = false;
      return;
    }
    var d = JSON.parse(holder.textContent || 'null');
    var facts = r.a + ' (' + d.model + ') \u00b7 ' + r.s + ' \u00b7 ' + outcomeLabel(r) + ' \u00b7 score ' + num(r.sc, 3);
    body.appendChild(el('p', 'facts', facts + ' \u00b7 results.jsonl line ' + r.l));
    if (d.error) {
      section(body, 'Error');
      pre(body, d.error.kind + ': ' + d.error.message);
    }
    section(body, 'Answer');
    pre(body, d.answer || '(empty)');
    section(body, 'Diff');
    if (d.diff) diffPre(body, d.diff);
    else pre(body, '(no changes)');
    section(body, 'Metrics');
    pre(body, JSON.stringify(d.metrics, null, 2));
    section(body, 'Scorer details');
    pre(body, typeof d.details === 'string' ? d.details : JSON.stringify(d.details, null, 2));
    section(body, 'Usage and timing');
    var timing = {
      usage: d.usage,
      cost: d.cost,
      turns: d.turns,
      attempts: d.attempts,
      startedAt: d.startedAt,
      wallMs: d.wallMs,
      phases: d.phases,
    };
    pre(body, JSON.stringify(timing, null, 2));
    section(body, 'Trajectory');
    var traj = document.getElementById('t-' + r.i);
    if (traj) {
      var box = el('div', 'trajectory');
      body.appendChild(box);
      renderTrajectory(box, JSON.parse(traj.textContent || 'null'));
    } else if (d.trajectory) {
      var p = el('p', 'note', (d.trajectoryNote ? d.trajectoryNote + ' \u2014 ' : '') + 'open ');
      var a = /** @type {HTMLAnchorElement} */ (el('a', '', d.trajectory));
      a.href = d.trajectory;
      p.appendChild(a);
      body.appendChild(p);
    } else body.appendChild(el('p', 'note', 'no trajectory recorded'));
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  byId('detail-close').addEventListener('click', function () {
    panel.hidden = true;
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') panel.hidden = true;
  });
  byId('trial-prev').addEventListener('click', function () {
    if (page > 0) {
      page--;
      draw();
    }
  });
  byId('trial-next').addEventListener('click', function () {
    if ((page + 1) * PAGE < shown.length) {
      page++;
      draw();
    }
  });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var timer;
  filterBox.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  outcomeBox.addEventListener('change', apply);
  draw();
})();
