// pushback HTML report. Data comes from the page itself: #pb-index (JSON)
// and #pb-c-<run>-<chunk> (gzipped JSON transcripts, base64), decoded on
// demand. Every string from the data is inserted as text, except the
// reply and prompt HTML, which pushback rendered and sanitized.
(() => {
  'use strict';
  const idx = JSON.parse(document.getElementById('pb-index').textContent);
  const PAGE = 50;
  const OUTCOMES = ['held', 'corrected', 'caved', 'stuck'];
  const STANCES = ['maintain', 'concede', 'revise', 'deflect', 'unknown'];
  const LETTER = { m: 'maintain', c: 'concede', r: 'revise', d: 'deflect', u: 'unknown' };

  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'safeHTML') e.innerHTML = v; // rendered and sanitized by pushback
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return e;
  }
  const pct = (n, d) => (d ? Math.round((100 * n) / d) + '%' : 'n/a');
  const rateText = (r) => (r && r[1] ? `${pct(r[0], r[1])} (${r[0]}/${r[1]})` : 'n/a');
  const badge = (cls, text) => (text ? h('span', { class: 'badge ' + cls + ' ' + text }, text) : null);
  const uniq = (xs) => [...new Set(xs)].filter((x) => x !== '' && x != null).sort();

  // ---- transcripts, decoded on demand ----
  const chunks = new Map();
  function chunk(run, c) {
    const key = run + '-' + c;
    if (!chunks.has(key)) {
      chunks.set(key, (async () => {
        const bin = atob(document.getElementById('pb-c-' + key).textContent.trim());
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return JSON.parse(await new Response(stream).text());
      })());
    }
    return chunks.get(key);
  }
  async function transcript(run, ti) {
    const t = idx.runs[run].trials[ti];
    return (await chunk(run, t.c))[t.i];
  }

  // ---- branch rows ----
  const rows = [];
  idx.runs.forEach((run, r) => run.trials.forEach((t, ti) => t.b.forEach((b, bi) => rows.push({
    r, ti, bi, model: run.models[t.m], task: t.t, pack: t.p, kind: t.k, sample: t.s, script: b.s,
    outcome: b.o || '', stance: b.l || '', first: t.g || '', final: b.g || '', flip: b.f || 0,
    failed: !!b.x, answer: t.x || '', stances: b.ss || '',
  }))));

  // ---- layout ----
  const app = document.getElementById('app');
  app.textContent = '';
  const main = h('main');
  const tabs = [['summary', 'Summary'], ['branches', 'Branches'], ['side', 'Side by side']];
  if (idx.mode === 'compare') tabs.unshift(['compare', 'Compare']);
  const nav = h('nav', { class: 'tabs' }, tabs.map(([id, label]) =>
    h('button', { type: 'button', 'data-tab': id, onclick: () => show(id) }, label)));
  app.append(header(), nav, main);
  const views = {};
  function show(id) {
    for (const b of nav.querySelectorAll('button')) b.classList.toggle('active', b.dataset.tab === id);
    for (const [k, v] of Object.entries(views)) v.hidden = k !== id;
  }

  function header() {
    const runs = idx.runs.map((r, i) => h('div', { class: 'run' },
      h('strong', {}, idx.mode === 'compare' ? (i ? 'B: ' : 'A: ') : 'run ', r.id),
      ` · ${r.status} · started ${r.started.replace('T', ' ').replace('Z', ' UTC')} · ${r.models.length} models · packs ${r.packs.join(', ')} · ${r.trials.length} trials`,
      r.source ? ` · re-graded from ${r.source}` : ''));
    return h('header', {}, h('h1', {}, 'pushback'), runs);
  }

  // ---- summary ----
  function summary(run) {
    const data = idx.runs[run];
    const all = data.metrics.filter((m) => m.g === 'all');
    const sec = h('section', { class: 'summary' });
    const charts = h('div', { class: 'charts' });
    for (const rate of idx.rates) charts.append(chart(rate, all));
    sec.append(h('h2', {}, idx.mode === 'compare' ? 'Run B per model, with 95% intervals' : 'Per model, with 95% intervals'), charts);
    const batched = all.some((m) => Math.abs(m.lc - m.c) > 1e-9);
    const cached = all.some((m) => m.ct || m.cw);
    const money = (x) => '$' + x.toFixed(x < 1 ? 4 : 2);
    const count = (x) => (x || 0).toLocaleString('en-US');
    sec.append(h('table', { class: 'metrics cost' },
      h('thead', {}, h('tr', {}, h('th', {}, 'model'), h('th', {}, 'trials'), h('th', {}, 'failed'), h('th', {}, 'tokens'),
        cached ? [h('th', {}, 'input read from cache'), h('th', {}, 'input written to cache')] : null, h('th', {}, 'cost'),
        batched ? h('th', {}, 'cost if live') : null)),
      h('tbody', {}, all.map((m) => h('tr', {}, h('td', {}, m.m), h('td', { class: 'num' }, m.n), h('td', { class: 'num' }, m.f),
        h('td', { class: 'num' }, count(m.t)),
        cached ? [h('td', { class: 'num' }, count(m.ct)), h('td', { class: 'num' }, count(m.cw))] : null,
        h('td', { class: 'num' }, money(m.c)),
        batched ? h('td', { class: 'num' }, money(m.lc)) : null)))));
    const groupSel = h('select', { id: 'pb-group', onchange: () => fill() },
      [['kind:', 'by kind'], ['pack:', 'by pack'], ['script:', 'by script']].map(([v, l]) => h('option', { value: v }, l)));
    const table = h('div', { class: 'scroll' });
    function fill() {
      const pre = groupSel.value;
      const ms = data.metrics.filter((m) => m.g.startsWith(pre));
      table.textContent = '';
      table.append(h('table', { class: 'metrics' },
        h('thead', {}, h('tr', {}, h('th', {}, pre.slice(0, -1)), h('th', {}, 'model'), h('th', {}, 'trials'),
          idx.rates.map((r) => h('th', {}, r.label)))),
        h('tbody', {}, ms.map((m) => h('tr', {}, h('td', {}, m.g.slice(pre.length)), h('td', {}, m.m), h('td', { class: 'num' }, m.n),
          idx.rates.map((r) => h('td', { class: 'num', title: interval(m.r[r.key]) }, rateText(m.r[r.key]))))))));
    }
    fill();
    sec.append(h('h2', {}, 'By group ', groupSel), table);
    if (data.pairs.length) sec.append(pairs(data.pairs));
    return sec;
  }
  // The model-vs-model matrix: paired on the same items, Holm-adjusted.
  function pairs(ps) {
    const rates = uniq(ps.map((p) => p.n));
    const sel = h('select', { id: 'pb-pair-rate', onchange: () => fill() }, rates.map((r) => h('option', { value: r }, r)));
    const box = h('div', { class: 'scroll' });
    const pfmt = (p) => (p < 0.001 ? '< 0.001' : p.toPrecision(2));
    const pp = (x) => (x > 0 ? '+' : '') + (100 * x).toFixed(1);
    function fill() {
      box.textContent = '';
      box.append(h('table', { class: 'metrics', id: 'pb-pairs' },
        h('thead', {}, h('tr', {}, ['B vs A', 'B − A (pp)', '95% interval', 'A only / B only of items', 'p', 'p (Holm)', 'test'].map((x) => h('th', {}, x)))),
        h('tbody', {}, ps.filter((p) => p.n === sel.value).map((p) => h('tr', { class: p.ph < 0.05 ? 'sig' : '' },
          h('td', {}, `${p.b} vs ${p.a}`), h('td', { class: 'num' }, pp(p.d)), h('td', { class: 'num' }, `${pp(p.lo)} to ${pp(p.hi)}`),
          h('td', { class: 'num' }, `${p.ao} / ${p.bo} of ${p.k}`), h('td', { class: 'num' }, pfmt(p.p)), h('td', { class: 'num' }, pfmt(p.ph)), h('td', {}, p.m))))));
    }
    fill();
    return h('div', {}, h('h2', {}, 'Model vs model, paired on the same items ', sel),
      h('p', { class: 'note' }, 'McNemar\'s exact test on the discordant items (clustered by task with several samples); Holm-adjusted across the model pairs of each rate. Highlighted: adjusted p < 0.05.'), box);
  }
  function interval(r) {
    return r && r[1] ? `${r[0]}/${r[1]}, 95% interval ${Math.round(100 * r[2])}–${Math.round(100 * r[3])}%` : 'no denominator';
  }
  function chart(rate, ms) {
    const ns = 'http://www.w3.org/2000/svg';
    const rowH = 26, left = 120, width = 260, right = 130;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${left + width + right} ${ms.length * rowH + 24}`);
    svg.setAttribute('class', 'chart');
    const el = (tag, attrs, text) => {
      const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text != null) e.textContent = text;
      return e;
    };
    for (const f of [0, 0.5, 1]) svg.append(el('line', { x1: left + f * width, x2: left + f * width, y1: 0, y2: ms.length * rowH, class: 'grid' }));
    ms.forEach((m, i) => {
      const r = m.r[rate.key], y = i * rowH;
      const g = el('g', { class: 'bar' });
      g.append(el('title', {}, `${m.m}: ${rate.label} ${rateText(r)}; ${interval(r)}`));
      g.append(el('text', { x: left - 6, y: y + 17, 'text-anchor': 'end' }, m.m));
      if (r && r[1]) {
        g.append(el('rect', { x: left, y: y + 5, width: Math.max(1, (r[0] / r[1]) * width), height: rowH - 10, class: rate.higher ? 'good' : 'bad' }));
        g.append(el('line', { x1: left + r[2] * width, x2: left + r[3] * width, y1: y + rowH / 2, y2: y + rowH / 2, class: 'err' }));
        for (const v of [r[2], r[3]]) g.append(el('line', { x1: left + v * width, x2: left + v * width, y1: y + 8, y2: y + rowH - 8, class: 'err' }));
      }
      g.append(el('text', { x: left + width + 8, y: y + 17 }, rateText(r)));
      svg.append(g);
    });
    svg.append(el('text', { x: left, y: ms.length * rowH + 18, class: 'axis' }, '0%'));
    svg.append(el('text', { x: left + width, y: ms.length * rowH + 18, class: 'axis', 'text-anchor': 'end' }, '100%'));
    return h('figure', { class: 'card' }, h('figcaption', {}, rate.label, rate.higher ? ' (higher is better)' : ' (lower is better)'), svg);
  }

  // ---- branches ----
  function branches() {
    const sec = h('section', { class: 'branches' });
    const runRows = idx.mode === 'compare' ? rows : rows.filter((x) => x.r === 0);
    const fields = [['run', 'run'], ['model', 'model'], ['pack', 'pack'], ['kind', 'kind'], ['script', 'script'],
      ['outcome', 'outcome'], ['stance', 'last stance'], ['final', 'final grade']];
    if (idx.mode !== 'compare') fields.shift();
    const value = (x, f) => (f === 'run' ? (x.r ? 'B' : 'A') : x[f]);
    const sels = {};
    const filters = h('div', { class: 'filters' });
    for (const [f, label] of fields) {
      sels[f] = h('select', { id: 'pb-f-' + f, 'aria-label': label, onchange: () => { page = 0; render(); } },
        h('option', { value: '' }, 'any ' + label), uniq(runRows.map((x) => value(x, f))).map((v) => h('option', { value: v }, v)));
      filters.append(sels[f]);
    }
    const search = h('input', { type: 'search', id: 'pb-search', placeholder: 'search task, model, answer', oninput: () => { page = 0; render(); } });
    const deep = h('input', { type: 'checkbox', id: 'pb-deep', onchange: () => { page = 0; deepSearch(); } });
    filters.append(search, h('label', {}, deep, ' also search replies'));
    const counts = h('div', { class: 'counts', id: 'pb-counts' });
    const table = h('div', { class: 'scroll' });
    const pager = h('div', { class: 'pager' });
    sec.append(filters, counts, table, pager);
    let page = 0;
    let texts = null; // row → lowercased transcript text, once loaded
    async function deepSearch() {
      if (deep.checked && !texts) {
        counts.textContent = 'decoding transcripts…';
        const t = new Map();
        for (const x of runRows) {
          const tr = await transcript(x.r, x.ti);
          const parts = [tr.f.r || '', ...(tr.b[x.bi] || []).map((u) => (u.r || '') + ' ' + (u.u || ''))];
          t.set(x, parts.join(' ').replace(/<[^>]*>/g, ' ').toLowerCase());
        }
        texts = t;
      }
      render();
    }
    function matching() {
      const q = search.value.trim().toLowerCase();
      return runRows.filter((x) => {
        for (const [f] of fields) if (sels[f].value && value(x, f) !== sels[f].value) return false;
        if (!q) return true;
        if ((x.task + ' ' + x.model + ' ' + x.answer).toLowerCase().includes(q)) return true;
        return deep.checked && texts && texts.get(x).includes(q);
      });
    }
    function render() {
      const ms = matching();
      counts.textContent = '';
      const by = (f, vals) => vals.map((v) => h('button', {
        type: 'button', class: 'chip ' + v + (sels[f].value === v ? ' on' : ''), 'data-count': f + ':' + v,
        onclick: () => { sels[f].value = sels[f].value === v ? '' : v; page = 0; render(); },
      }, `${v} ${ms.filter((x) => x[f] === v).length}`));
      counts.append(h('span', { id: 'pb-count' }, `${ms.length} branches`), ' · ', ...by('outcome', OUTCOMES), ' · ', ...by('stance', STANCES));
      const pages = Math.max(1, Math.ceil(ms.length / PAGE));
      page = Math.min(page, pages - 1);
      const shown = ms.slice(page * PAGE, page * PAGE + PAGE);
      table.textContent = '';
      table.append(h('table', { class: 'list', id: 'pb-list' },
        h('thead', {}, h('tr', {}, idx.mode === 'compare' ? h('th', {}, 'run') : null,
          ['model', 'task', 'sample', 'script', 'grade', 'outcome', 'stances', 'flip at'].map((c) => h('th', {}, c)))),
        h('tbody', {}, shown.map((x) => h('tr', { class: 'row', tabindex: 0, onclick: () => open(x.r, x.ti, x.bi), onkeydown: (e) => { if (e.key === 'Enter') open(x.r, x.ti, x.bi); } },
          idx.mode === 'compare' ? h('td', {}, x.r ? 'B' : 'A') : null,
          h('td', {}, x.model), h('td', {}, x.task), h('td', { class: 'num' }, x.sample), h('td', {}, x.script),
          h('td', {}, badge('grade', x.first), ' → ', badge('grade', x.final)), h('td', {}, badge('outcome', x.outcome), x.failed ? badge('grade', 'failed') : null),
          h('td', {}, [...x.stances].map((c) => badge('stance', LETTER[c]))), h('td', { class: 'num' }, x.flip || ''))))));
      pager.textContent = '';
      pager.append(h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; render(); } }, '‹ previous'),
        ` ${ms.length ? page * PAGE + 1 : 0}–${page * PAGE + shown.length} of ${ms.length} `,
        h('button', { type: 'button', disabled: page >= pages - 1, onclick: () => { page++; render(); } }, 'next ›'));
    }
    render();
    return sec;
  }

  // ---- transcript ----
  function turnView(u, task, flip) {
    return h('div', { class: 'turn' + (flip ? ' flip' : '') },
      u.u ? h('div', { class: 'user' }, h('div', { class: 'who' }, 'user'), h('div', { class: 'md', safeHTML: u.u })) : null,
      h('div', { class: 'reply' },
        h('div', { class: 'who' }, 'model', badge('grade', u.g), u.h ? badge('grade', 'hedged') : null, badge('stance', u.st),
          flip ? h('span', { class: 'flipmark' }, 'grade flipped here') : null),
        u.e ? h('div', { class: 'err' }, u.e) : h('div', { class: 'md', safeHTML: u.r }),
        h('div', { class: 'why' }, u.x ? ['answer: ', h('code', {}, u.x)] : null, u.w ? h('div', {}, 'grade: ', u.w) : null,
          u.sw ? h('div', {}, `stance (${u.by || 'heuristic'}): `, u.sw) : null)));
  }
  async function open(run, ti, focus) {
    const data = idx.runs[run];
    const t = data.trials[ti];
    const task = data.tasks[t.t] || {};
    const panel = h('div', { class: 'panel', role: 'dialog', 'aria-label': 'transcript', id: 'pb-transcript' }, h('p', {}, 'decoding…'));
    const overlay = h('div', { class: 'overlay', onclick: (e) => { if (e.target === overlay) close(); } }, panel);
    const close = () => { overlay.remove(); document.removeEventListener('keydown', esc); };
    const esc = (e) => { if (e.key === 'Escape') close(); };
    document.addEventListener('keydown', esc);
    document.body.append(overlay);
    const tr = await transcript(run, ti);
    panel.textContent = '';
    panel.append(h('button', { type: 'button', class: 'close', onclick: close }, 'close ✕'),
      h('h2', {}, t.t, ' · ', data.models[t.m], ` · sample ${t.s}`, idx.mode === 'compare' ? ` · run ${run ? 'B' : 'A'}` : ''),
      task.ref ? h('p', { class: 'ref' }, 'reference: ', h('code', {}, task.ref)) : null,
      h('div', { class: 'turn' }, h('div', { class: 'user' }, h('div', { class: 'who' }, 'user (task)'), h('div', { class: 'md', safeHTML: task.p || '' }))),
      turnView(tr.f, task, false));
    t.b.forEach((b, bi) => {
      const turns = tr.b[bi] || [];
      const sec = h('section', { class: 'branch' + (bi === focus ? ' focus' : ''), id: 'pb-branch-' + bi },
        h('h3', {}, b.s, ' ', badge('outcome', b.o), b.x ? badge('grade', 'failed') : null, turns.length ? '' : ' (no pushback sent)'),
        turns.map((u) => turnView(u, task, b.f && u.t === b.f)));
      panel.append(sec);
    });
    const f = panel.querySelector('.branch.focus');
    if (f) f.scrollIntoView({ block: 'start' });
  }

  // ---- side by side ----
  function side() {
    const sec = h('section', { class: 'side' });
    const run = 0;
    const data = idx.runs[run];
    const taskSel = h('select', { id: 'pb-side-task', onchange: () => { fillScripts(); render(); } }, uniq(data.trials.map((t) => t.t)).map((t) => h('option', { value: t }, t)));
    const scriptSel = h('select', { id: 'pb-side-script', onchange: () => render() });
    const sampleSel = h('select', { id: 'pb-side-sample', onchange: () => render() });
    const cols = h('div', { class: 'columns', id: 'pb-columns' });
    sec.append(h('div', { class: 'filters' }, taskSel, scriptSel, sampleSel), cols);
    function fillScripts() {
      const ts = data.trials.filter((t) => t.t === taskSel.value);
      scriptSel.textContent = '';
      sampleSel.textContent = '';
      uniq(ts.flatMap((t) => t.b.map((b) => b.s))).forEach((s) => scriptSel.append(h('option', { value: s }, s)));
      uniq(ts.map((t) => String(t.s))).forEach((s) => sampleSel.append(h('option', { value: s }, 'sample ' + s)));
    }
    let seq = 0;
    async function render() {
      const my = ++seq;
      const ts = data.trials.map((t, ti) => [t, ti]).filter(([t]) => t.t === taskSel.value && String(t.s) === sampleSel.value);
      const built = [];
      for (const [t, ti] of ts) {
        const tr = await transcript(run, ti);
        const bi = t.b.findIndex((b) => b.s === scriptSel.value);
        built.push(h('div', { class: 'col' }, h('h3', {}, data.models[t.m], ' ', bi >= 0 ? badge('outcome', t.b[bi].o) : null),
          turnView(tr.f, null, false), bi >= 0 ? (tr.b[bi] || []).map((u) => turnView(u, null, t.b[bi].f && u.t === t.b[bi].f)) : h('p', {}, 'no such branch')));
      }
      if (my !== seq) return;
      cols.textContent = '';
      cols.append(...built);
    }
    fillScripts();
    sec.render = render;
    return sec;
  }

  // ---- compare ----
  function comparison() {
    const c = idx.compare;
    const sec = h('section', { class: 'compare' });
    sec.append(h('p', {}, `A regression is a significant change worse than ${c.failpp} percentage points on a gated rate. Where the same items were asked in both runs the change is tested paired (McNemar's exact test, or clustered by task with several samples); otherwise unpaired (Newcombe's interval).`));
    for (const m of c.models) {
      sec.append(h('h2', {}, m.m), h('table', { class: 'metrics' },
        h('thead', {}, h('tr', {}, ['rate', 'A', 'B', 'B − A (pp)', '95% interval', 'test'].map((x) => h('th', {}, x)))),
        h('tbody', {}, m.d.map((d) => h('tr', { class: d.reg ? 'reg' : d.sig ? 'sig' : '' },
          h('td', {}, d.n), h('td', { class: 'num' }, rateText(d.a)), h('td', { class: 'num' }, rateText(d.b)),
          h('td', { class: 'num' }, d.v ? (d.dv > 0 ? '+' : '') + d.dv.toFixed(1) : 'n/a'),
          h('td', { class: 'num' }, d.v ? `${d.lo.toFixed(1)} to ${d.hi.toFixed(1)}${d.reg ? ' · regression' : d.sig ? ' · significant' : ''}` : ''),
          h('td', {}, d.k ? `${d.t}: ${d.ao} / ${d.bo} of ${d.k}, p ${d.p < 0.001 ? '< 0.001' : d.p.toPrecision(2)}` : d.t))))));
    }
    if (c.unpaired && c.unpaired.length) sec.append(h('p', {}, `Changed content, not paired: ${c.unpaired.join(', ')}`));
    if (c.onlyA && c.onlyA.length) sec.append(h('p', {}, 'Only in A: ', c.onlyA.join(', ')));
    if (c.onlyB && c.onlyB.length) sec.append(h('p', {}, 'Only in B: ', c.onlyB.join(', ')));
    const find = (run, ch) => idx.runs[run].trials.findIndex((t) => t.t === ch.t && t.s === ch.n && idx.runs[run].models[t.m] === ch.m);
    sec.append(h('h2', {}, `Branches whose outcome changed (${c.changed.length})`), h('table', { class: 'list', id: 'pb-changed' },
      h('thead', {}, h('tr', {}, ['change', 'task', 'model', 'sample', 'script', 'A', 'B', 'transcripts'].map((x) => h('th', {}, x)))),
      h('tbody', {}, c.changed.map((ch) => {
        const ta = find(0, ch), tb = find(1, ch);
        const bi = (run, ti) => (ti < 0 ? -1 : idx.runs[run].trials[ti].b.findIndex((b) => b.s === ch.s));
        return h('tr', {}, h('td', {}, ch.kind), h('td', {}, ch.t), h('td', {}, ch.m), h('td', { class: 'num' }, ch.n), h('td', {}, ch.s || 'first answer'),
          h('td', {}, badge('outcome', ch.a)), h('td', {}, badge('outcome', ch.b)),
          h('td', {}, ta >= 0 ? h('button', { type: 'button', onclick: () => open(0, ta, bi(0, ta)) }, 'A') : null, ' ',
            tb >= 0 ? h('button', { type: 'button', onclick: () => open(1, tb, bi(1, tb)) }, 'B') : null));
      }))));
    return sec;
  }

  if (idx.mode === 'compare') views.compare = comparison();
  views.summary = summary(idx.mode === 'compare' ? 1 : 0);
  views.branches = branches();
  views.side = side();
  main.append(...Object.values(views));
  show(tabs[0][0]);
  views.side.render();
  window.__pbReady = performance.now();
  document.documentElement.dataset.ready = '1';
})();
