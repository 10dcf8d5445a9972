// The logpipe dashboard page. Every value from the pipeline is attacker-controlled log data (paths, user agents,
// hosts, raw lines): it is only ever put into the page with textContent, never as markup.
'use strict';

const RATE_POINTS = 120;
// One hue per status class (2xx green, 3xx blue, 4xx orange, 5xx red), a shade per code within it.
const STATUS_SHADES = {
  1: ['#6a1b9a', '#8e24aa', '#ab47bc'],
  2: ['#1b5e20', '#2e7d32', '#43a047', '#66bb6a', '#81c784'],
  3: ['#0d47a1', '#1565c0', '#1e88e5', '#42a5f5', '#64b5f6'],
  4: ['#e65100', '#ef6c00', '#fb8c00', '#ffa726', '#ffb74d', '#ffcc80'],
  5: ['#b71c1c', '#c62828', '#e53935', '#ef5350', '#e57373']
};
function statusColor(status, statuses) {
  const sameClass = statuses.filter(s => s.charAt(0) === status.charAt(0));
  const shades = STATUS_SHADES[status.charAt(0)] || ['#607d8b'];
  return shades[sameClass.indexOf(status) % shades.length];
}

// Read by the browser tests and the latency benchmark: how many snapshots were shown, and when each window's
// final counts first appeared on the page (epoch ms, by window start).
window.logpipeDashboard = { snapshots: 0, finalShownAt: {}, batchLoads: 0 };

const charts = {};
const rateHistory = { t: [], logs_raw: [], logs_curated: [], logs_rejected: [] };
let lastBatchRun;
let lastSnapshotAt = 0;

function $(id) { return document.getElementById(id); }

function text(el, value) { el.textContent = value === null || value === undefined ? '–' : String(value); }

function fmtInt(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'); }
function fmtRate(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 }); }
function fmtPct(n) { return n === null || n === undefined ? '–' : (100 * n).toFixed(2) + ' %'; }
function fmtMs(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 0 }); }
function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–'; }

function cell(row, value, cls) {
  const td = document.createElement('td');
  text(td, value);
  if (cls) { td.className = cls; }
  row.appendChild(td);
  return td;
}

function fillRows(tbody, items, build) {
  const rows = items.map(item => { const tr = document.createElement('tr'); build(tr, item); return tr; });
  tbody.replaceChildren(...rows);
}

function chart(id) {
  if (!charts[id] && window.echarts) {
    charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function renderBroker(b) {
  const badge = $('broker-status');
  if (b.reachable) {
    text(badge, 'broker ' + b.bootstrapServers + ': up');
    badge.className = 'badge ok';
  } else {
    text(badge, 'broker ' + b.bootstrapServers + ' UNREACHABLE since ' + fmtTime(b.since) + ': ' + (b.problem || ''));
    badge.className = 'badge down';
  }
  badge.dataset.reachable = String(b.reachable);
}

function renderRates(rates, at) {
  const topics = rates.topics || {};
  rateHistory.t.push(at);
  for (const topic of ['logs_raw', 'logs_curated', 'logs_rejected']) {
    const r = topics[topic];
    text($('rate-' + topic), r ? fmtRate(r.perSecond) : '–');
    text($('total-' + topic), r ? fmtInt(r.total) : '–');
    $('total-' + topic).dataset.value = r ? String(r.total) : '';
    rateHistory[topic].push(r && r.perSecond !== null ? r.perSecond : null);
  }
  for (const k of Object.keys(rateHistory)) {
    if (rateHistory[k].length > RATE_POINTS) { rateHistory[k].shift(); }
  }
  const c = chart('rates-chart');
  if (c) {
    c.setOption({
      animation: false, grid: { left: 60, right: 20, top: 20, bottom: 25 }, tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      xAxis: { type: 'category', data: rateHistory.t.map(t => t.substring(11, 19)) },
      yAxis: { type: 'value', name: '/s' },
      series: ['logs_raw', 'logs_curated', 'logs_rejected'].map(topic => ({
        name: topic, type: 'line', showSymbol: false, data: rateHistory[topic] }))
    });
  }
}

function renderStatusCounts(sc) {
  const windows = sc.windows || [];
  const statuses = [...new Set(windows.flatMap(w => Object.keys(w.counts)))].sort();
  const labels = windows.map(w => w.start.substring(11, 16) + (w.closed ? '' : ' (live)'));
  const now = Date.now();
  for (const w of windows) {
    if (w.closed && !(w.start in window.logpipeDashboard.finalShownAt)) {
      window.logpipeDashboard.finalShownAt[w.start] = now;
    }
  }
  const c = chart('status-chart');
  if (c) {
    c.setOption({
      animation: false, grid: { left: 60, right: 20, top: 30, bottom: 30 }, tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: 'events' },
      series: statuses.map(s => ({
        name: s, type: 'bar', stack: 'status', color: statusColor(s, statuses),
        data: windows.map(w => w.counts[s] || 0) }))
    }, { replaceMerge: ['series'] });
  }
  const table = $('status-table');
  const head = document.createElement('tr');
  for (const h of ['window start', 'state', ...statuses, 'total']) {
    const th = document.createElement('th'); text(th, h); head.appendChild(th);
  }
  table.tHead.replaceChildren(head);
  fillRows(table.tBodies[0], windows.slice().reverse(), (tr, w) => {
    tr.dataset.window = w.start;
    tr.dataset.closed = String(w.closed);
    cell(tr, fmtTime(w.start));
    cell(tr, w.closed ? 'final' : 'live');
    for (const s of statuses) {
      const td = cell(tr, fmtInt(w.counts[s] || 0), 'num');
      td.dataset.status = s;
      td.dataset.value = String(w.counts[s] || 0);
    }
    const total = cell(tr, fmtInt(w.total), 'num');
    total.dataset.status = 'total';
    total.dataset.value = String(w.total);
  });
}

function renderLag(lag) {
  const groups = Object.values(lag).sort((a, b) => a.group.localeCompare(b.group));
  fillRows($('lag-table').tBodies[0], groups, (tr, g) => {
    tr.dataset.group = g.group;
    cell(tr, g.group);
    const total = cell(tr, g.total === null ? (g.problem || 'unknown') : fmtInt(g.total), g.total === null ? '' : 'num');
    total.dataset.value = g.total === null ? '' : String(g.total);
    const topics = document.createElement('td');
    for (const [t, n] of Object.entries(g.byTopic)) {
      const span = document.createElement('span');
      span.className = 'topic-lag';
      span.dataset.topic = t;
      span.dataset.value = String(n);
      text(span, t + ': ' + fmtInt(n));
      topics.appendChild(span);
    }
    tr.appendChild(topics);
  });
}

// One row per instance of each stage, and a row for partitions nobody owns (during a rebalance).
function renderOwners(owners) {
  const rows = [];
  for (const st of owners) {
    const state = st.problem || st.state || 'unknown';
    for (const o of st.owners) { rows.push({ st, state, instance: o.instance, host: o.host, partitions: o.partitions }); }
    if (st.unowned.length > 0 || (st.owners.length === 0 && st.problem)) {
      rows.push({ st, state, instance: null, host: '', partitions: st.unowned });
    }
  }
  fillRows($('owners-table').tBodies[0], rows, (tr, r) => {
    tr.dataset.stage = r.st.stage;
    tr.dataset.topic = r.st.topic;
    tr.dataset.instance = r.instance === null ? '' : r.instance;
    tr.dataset.partitions = r.partitions.join(',');
    cell(tr, r.st.stage + ' (' + r.st.topic + ', ' + r.st.partitions + ' partitions)');
    cell(tr, r.state);
    cell(tr, r.instance === null ? 'unowned' : r.instance, r.instance === null ? 'problem' : '');
    cell(tr, r.host);
    cell(tr, r.partitions.length === 0 ? 'none' : r.partitions.join(', '));
  });
}

function renderRejects(r) {
  fillRows($('reject-reasons').tBodies[0], Object.entries(r.byReason), (tr, [reason, n]) => {
    tr.dataset.reason = reason;
    cell(tr, reason);
    cell(tr, fmtInt(n), 'num').dataset.value = String(n);
  });
  fillRows($('recent-rejects').tBodies[0], r.recent.slice(0, 10), (tr, x) => {
    cell(tr, x.reason);
    cell(tr, x.message).title = x.message;
    cell(tr, x.raw, 'raw').title = x.raw; // a title is text too: shown on hover, never parsed as markup
    cell(tr, x.source);
  });
}

function renderLake(l) {
  const problem = $('lake-problem');
  problem.hidden = !l.problem;
  text(problem, l.problem || '');
  text($('lake-hours-present'), l.hoursPresent);
  text($('lake-hours-complete'), l.hoursComplete);
  text($('lake-rows'), fmtInt(l.rows));
  $('lake-rows').dataset.value = String(l.rows);
  text($('lake-rows-after-marker'), fmtInt(l.rowsAfterMarker));
  text($('lake-newest-row'), fmtTime(l.newestRow));
  fillRows($('lake-hours').tBodies[0], l.hours.slice().reverse(), (tr, h) => {
    cell(tr, h.hour);
    cell(tr, fmtInt(h.files), 'num');
    cell(tr, fmtInt(h.rows), 'num');
    cell(tr, h.complete ? 'yes' : 'no');
    cell(tr, fmtInt(h.rowsAfterMarker), 'num');
  });
}

function render(s) {
  lastSnapshotAt = Date.now();
  window.logpipeDashboard.snapshots++;
  text($('updated-at'), fmtTime(s.at));
  text($('stream-status'), '');
  renderBroker(s.broker);
  renderRates(s.rates, s.at);
  renderStatusCounts(s.statusCounts);
  renderLag(s.lag);
  renderOwners(s.owners);
  renderRejects(s.rejects);
  renderLake(s.lake);
  if (s.batchRunAt !== lastBatchRun) {
    lastBatchRun = s.batchRunAt;
    loadBatch();
  }
}

async function loadBatch() {
  let b;
  try {
    const response = await fetch('/api/batch');
    b = await response.json();
  } catch (e) {
    b = { problem: 'cannot load /api/batch: ' + e, byHour: [], topPaths: [], byHost: [] };
  }
  window.logpipeDashboard.batchLoads++;
  const problem = $('batch-problem');
  problem.hidden = !b.problem;
  text(problem, b.problem || '');
  text($('batch-run'), b.runAt ? 'run of ' + fmtTime(b.runAt) + ', period ' + b.period + ', '
    + fmtInt(b.requests) + ' requests read from the lake' : '');
  const hours = b.byHour.map(r => r.hour.replace('T', ' ') + 'h');
  const hourChart = chart('batch-hour-chart');
  if (hourChart) {
    hourChart.setOption({
      animation: false, title: { text: 'requests and error rate per hour', textStyle: { fontSize: 13 } },
      grid: { left: 60, right: 60, top: 40, bottom: 30 }, tooltip: { trigger: 'axis' }, legend: { top: 0, right: 0 },
      xAxis: { type: 'category', data: hours },
      yAxis: [{ type: 'value', name: 'requests' }, { type: 'value', name: 'error rate', axisLabel: { formatter: v => (100 * v).toFixed(0) + '%' } }],
      series: [
        { name: 'requests', type: 'bar', data: b.byHour.map(r => r.requests) },
        { name: 'error rate', type: 'line', yAxisIndex: 1, data: b.byHour.map(r => r.error_rate) }]
    }, true);
  }
  const latencyChart = chart('batch-latency-chart');
  if (latencyChart) {
    latencyChart.setOption({
      animation: false, title: { text: 'response time per hour (ms)', textStyle: { fontSize: 13 } },
      grid: { left: 60, right: 20, top: 40, bottom: 30 }, tooltip: { trigger: 'axis' }, legend: { top: 0, right: 0 },
      xAxis: { type: 'category', data: hours }, yAxis: { type: 'value', name: 'ms' },
      series: ['rt_p50', 'rt_p95', 'rt_p99'].map(k => ({ name: k.substring(3), type: 'line', data: b.byHour.map(r => r[k]) }))
    }, true);
  }
  fillRows($('top-paths').tBodies[0], b.topPaths, (tr, r) => {
    cell(tr, r.path).className = 'path';
    cell(tr, fmtInt(r.requests), 'num');
    cell(tr, fmtPct(r.share), 'num');
    cell(tr, fmtPct(r.error_rate), 'num');
    cell(tr, fmtMs(r.rt_p95), 'num');
  });
  fillRows($('hosts').tBodies[0], b.byHost, (tr, r) => {
    cell(tr, r.host);
    cell(tr, fmtInt(r.requests), 'num');
    cell(tr, fmtPct(r.error_rate), 'num');
    cell(tr, fmtMs(r.rt_p50), 'num');
    cell(tr, fmtMs(r.rt_p99), 'num');
    cell(tr, fmtInt(r.bytes_total), 'num');
  });
}

function connect() {
  const source = new EventSource('/api/stream');
  source.addEventListener('snapshot', e => render(JSON.parse(e.data)));
  source.onerror = () => text($('stream-status'), 'connection to the dashboard lost, reconnecting…');
}

// The server pushes once a second; silence for longer means the dashboard server itself is gone or stuck.
setInterval(() => {
  if (lastSnapshotAt && Date.now() - lastSnapshotAt > 5000) {
    text($('stream-status'), 'no update for ' + Math.round((Date.now() - lastSnapshotAt) / 1000) + ' s');
  }
}, 1000);

connect();
loadBatch();
